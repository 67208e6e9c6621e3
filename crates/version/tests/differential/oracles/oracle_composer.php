<?php
// Oracle: composer/semver (Debian's php-composer-semver), the library
// Composer itself uses. Lines on stdin: "cmp\tA\tB" -> -1/0/1 (E if either
// does not normalise, or is a branch); "valid\tA" -> 1/0;
// "sat\tV\tCONSTRAINT" -> 1/0 (E if either is invalid).
require_once '/usr/share/php/Composer/Semver/autoload.php';

use Composer\Semver\Comparator;
use Composer\Semver\Semver;
use Composer\Semver\VersionParser;

$parser = new VersionParser();
$norm = function ($v) use ($parser) {
    try {
        $n = $parser->normalize($v);
    } catch (\UnexpectedValueException $e) {
        return null;
    }
    return strpos($n, 'dev-') === 0 ? null : $n;
};
$out = [];
while (($line = fgets(STDIN)) !== false) {
    $f = explode("\t", rtrim($line, "\n"));
    if ($f[0] === 'valid') {
        $out[] = $norm($f[1]) === null ? '0' : '1';
    } elseif ($f[0] === 'cmp') {
        $a = $norm($f[1]);
        $b = $norm($f[2]);
        if ($a === null || $b === null) {
            $out[] = 'E';
        } else {
            $out[] = Comparator::lessThan($a, $b) ? '-1' : (Comparator::greaterThan($a, $b) ? '1' : '0');
        }
    } else {
        if ($norm($f[1]) === null) {
            $out[] = 'E';
            continue;
        }
        try {
            $parser->parseConstraints($f[2]);
            $out[] = Semver::satisfies($f[1], $f[2]) ? '1' : '0';
        } catch (\UnexpectedValueException $e) {
            $out[] = 'E';
        }
    }
}
echo implode("\n", $out), count($out) ? "\n" : '';
