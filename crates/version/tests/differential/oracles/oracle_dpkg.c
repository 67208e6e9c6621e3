/* Oracle: dpkg's own C library (libdpkg-dev), the code behind
 * `dpkg --compare-versions`, in one process. Lines on stdin:
 * "cmp\tA\tB" -> -1/0/1 (E if either is invalid or only warned about);
 * "valid\tA" -> 1/0. */
#define LIBDPKG_VOLATILE_API 1
#include <stdio.h>
#include <string.h>
#include <dpkg/dpkg.h>
#include <dpkg/dpkg-db.h>
#include <dpkg/version.h>

static int parse(struct dpkg_version *v, const char *s)
{
	struct dpkg_error err = DPKG_ERROR_INIT;
	int rc = parseversion(v, s, &err);
	int ok = rc == 0 && err.type == DPKG_MSG_NONE;
	dpkg_error_destroy(&err);
	return ok;
}

int main(void)
{
	static char line[1 << 16];
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		char *op = line;
		char *a = strchr(op, '\t');
		if (!a)
			return 2;
		*a++ = '\0';
		char *b = strchr(a, '\t');
		if (b)
			*b++ = '\0';
		struct dpkg_version va, vb;
		if (strcmp(op, "valid") == 0) {
			puts(parse(&va, a) ? "1" : "0");
		} else if (!b || !parse(&va, a) || !parse(&vb, b)) {
			puts("E");
		} else {
			int r = dpkg_version_compare(&va, &vb);
			puts(r < 0 ? "-1" : (r > 0 ? "1" : "0"));
		}
	}
	return 0;
}
