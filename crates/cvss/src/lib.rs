//! `bosun-cvss`: CVSS vectors, parsed and scored per FIRST's specifications.
