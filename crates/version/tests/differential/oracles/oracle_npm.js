// Oracle: node's semver package. Lines on stdin: "cmp\tA\tB" -> -1/0/1 (E if
// either is invalid); "valid\tA" -> 1/0; "sat\tV\tRANGE" -> 1/0 (E if either
// is invalid). argv[2] is the directory holding node_modules/semver.
const path = require('path');
const semver = require(path.join(process.argv[2], 'node_modules', 'semver'));
const input = require('fs').readFileSync(0, 'utf8');
const out = [];
for (const line of input.split('\n')) {
  if (line === '') continue;
  const [op, a, b] = line.split('\t');
  if (op === 'valid') {
    out.push(semver.valid(a) !== null ? '1' : '0');
  } else if (op === 'cmp') {
    if (semver.valid(a) === null || semver.valid(b) === null) out.push('E');
    else out.push(String(semver.compare(a, b)));
  } else {
    if (semver.valid(a) === null || semver.validRange(b) === null) out.push('E');
    else out.push(semver.satisfies(a, b) ? '1' : '0');
  }
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
