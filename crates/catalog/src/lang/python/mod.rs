//! Python: installed distributions (`*.dist-info`, `*.egg-info`, `.egg`)
//! and, in source trees, requirements files and lockfiles.

pub mod installed;
pub mod pipfile;
pub mod poetry;
pub mod requirements;
pub mod uv;
