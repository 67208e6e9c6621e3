// Oracle: Maven's ComparableVersion and VersionRange from Debian's
// maven-artifact jar. Lines on stdin: "cmp\tA\tB" -> -1/0/1;
// "sat\tV\tRANGE" -> 1/0 (E for a range Maven rejects).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.VersionRange;

public class MavenOracle {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("sat")) {
                try {
                    VersionRange range = VersionRange.createFromVersionSpec(f[2]);
                    out.append(range.containsVersion(new DefaultArtifactVersion(f[1])) ? "1" : "0");
                } catch (InvalidVersionSpecificationException e) {
                    out.append("E");
                }
                out.append('\n');
                continue;
            }
            int r = new ComparableVersion(f[1]).compareTo(new ComparableVersion(f[2]));
            out.append(Integer.signum(r)).append('\n');
        }
        System.out.print(out);
    }
}
