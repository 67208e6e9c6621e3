//! Ruby: installed gem specifications and, in source trees, `Gemfile.lock`.

pub mod gemfile_lock;
pub mod gemspec;
