//! Executables (ELF, Mach-O thin and fat, PE) read through their section
//! tables: only the headers and the few ranges asked for are read from the
//! content, never the whole file.

use std::io;

use bosun_layers::{Content, Extractor, FileKind, FileRequest, ReadSeek};
use object::read::macho::{FatArch, MachOFatFile32, MachOFatFile64};
use object::{
    BinaryFormat, Object, ObjectSection, ObjectSegment, ReadCache, ReadCacheRange, ReadRef,
    SectionFlags, SegmentFlags,
};

/// Architectures of a fat Mach-O file read at most.
const MAX_ARCHES: usize = 8;

type Cache = ReadCache<Box<dyn ReadSeek>>;

/// Requests for every executable kind, keeping what `x` extracts.
pub(crate) fn requests(x: &Extractor) -> Vec<FileRequest> {
    [FileKind::Elf, FileKind::MachO, FileKind::Pe]
        .into_iter()
        .map(|k| FileRequest::kind(k).extract(x.clone()))
        .collect()
}

/// Runs `f` on each executable image in `content` (the file, or each slice
/// of a fat Mach-O), stopping at the first `Some`. Content that is no
/// executable gives `Ok(None)`; only failing to open the content is an
/// error.
pub(crate) fn with_images<T>(
    content: &Content,
    mut f: impl FnMut(&Image<'_>) -> Option<T>,
) -> io::Result<Option<T>> {
    let cache: Cache = ReadCache::new(content.reader()?);
    let whole = Data::Whole(&cache);
    let ranges: Vec<(u64, u64)> = match object::FileKind::parse(whole) {
        Ok(object::FileKind::MachOFat32) => MachOFatFile32::parse(&cache)
            .map(|fat| fat.arches().iter().map(FatArch::file_range).collect())
            .unwrap_or_default(),
        Ok(object::FileKind::MachOFat64) => MachOFatFile64::parse(&cache)
            .map(|fat| fat.arches().iter().map(FatArch::file_range).collect())
            .unwrap_or_default(),
        Ok(_) => return Ok(Image::parse(whole).and_then(|i| f(&i))),
        Err(_) => return Ok(None),
    };
    for (off, size) in ranges.into_iter().take(MAX_ARCHES) {
        if let Some(t) = Image::parse(Data::Part(cache.range(off, size))).and_then(|i| f(&i)) {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// Where an image's bytes live: the whole file or one slice of a fat file.
#[derive(Clone, Copy)]
pub(crate) enum Data<'a> {
    Whole(&'a Cache),
    Part(ReadCacheRange<'a, Box<dyn ReadSeek>>),
}

impl<'a> ReadRef<'a> for Data<'a> {
    fn len(self) -> Result<u64, ()> {
        match self {
            Data::Whole(c) => c.len(),
            Data::Part(p) => p.len(),
        }
    }
    fn read_bytes_at(self, offset: u64, size: u64) -> Result<&'a [u8], ()> {
        match self {
            Data::Whole(c) => c.read_bytes_at(offset, size),
            Data::Part(p) => p.read_bytes_at(offset, size),
        }
    }
    fn read_bytes_at_until(
        self,
        range: std::ops::Range<u64>,
        delimiter: u8,
    ) -> Result<&'a [u8], ()> {
        match self {
            Data::Whole(c) => c.read_bytes_at_until(range, delimiter),
            Data::Part(p) => p.read_bytes_at_until(range, delimiter),
        }
    }
}

/// A section's place in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    /// Offset in the file.
    pub(crate) offset: u64,
    /// Bytes in the file.
    pub(crate) size: u64,
}

/// One parsed executable image.
pub(crate) struct Image<'a> {
    file: object::File<'a, Data<'a>>,
    data: Data<'a>,
}

impl<'a> Image<'a> {
    fn parse(data: Data<'a>) -> Option<Self> {
        object::File::parse(data)
            .ok()
            .map(|file| Image { file, data })
    }

    /// The first section named one of `names`.
    pub(crate) fn section(&self, names: &[&str]) -> Option<Span> {
        self.file
            .sections()
            .find(|s| s.name().is_ok_and(|n| names.contains(&n)))
            .and_then(|s| span(s.file_range()?))
    }

    /// Where the data segment starts, as Go's `debug/buildinfo` looks for
    /// it when there is no buildinfo section: ELF's first writable loaded
    /// segment, Mach-O's `__DATA,__data`, PE's first read-write data section.
    pub(crate) fn data_start(&self) -> Option<Span> {
        match self.file.format() {
            BinaryFormat::Elf => self.file.segments().find_map(|s| match s.flags() {
                SegmentFlags::Elf { p_flags } if p_flags & object::elf::PF_W != 0 => {
                    span(s.file_range())
                }
                _ => None,
            }),
            BinaryFormat::MachO => self
                .file
                .sections()
                .find(|s| {
                    s.name() == Ok("__data") && s.segment_name().ok().flatten() == Some("__DATA")
                })
                .and_then(|s| span(s.file_range()?)),
            BinaryFormat::Pe | BinaryFormat::Coff => {
                use object::pe::{
                    IMAGE_SCN_ALIGN_32BYTES, IMAGE_SCN_CNT_INITIALIZED_DATA, IMAGE_SCN_MEM_READ,
                    IMAGE_SCN_MEM_WRITE,
                };
                let want =
                    IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE;
                self.file.sections().find_map(|s| match s.flags() {
                    SectionFlags::Coff { characteristics }
                        if characteristics & !IMAGE_SCN_ALIGN_32BYTES == want =>
                    {
                        span(s.file_range()?)
                    }
                    _ => None,
                })
            }
            _ => None,
        }
    }

    /// Up to `max` bytes of the file from `offset` (fewer at its end).
    pub(crate) fn read(&self, offset: u64, max: u64) -> Option<&'a [u8]> {
        let len = self.data.len().ok()?;
        let n = max.min(len.checked_sub(offset)?);
        self.data.read_bytes_at(offset, n).ok()
    }

    /// `len` bytes at virtual address `address`, through the segment table.
    pub(crate) fn read_at_address(&self, address: u64, len: u64) -> Option<&'a [u8]> {
        for s in self.file.segments() {
            let (off, size) = s.file_range();
            let start = s.address();
            if address >= start && address - start < size {
                let rel = address - start;
                if len > size - rel {
                    return None;
                }
                return self.data.read_bytes_at(off.checked_add(rel)?, len).ok();
            }
        }
        None
    }
}

fn span((offset, size): (u64, u64)) -> Option<Span> {
    (size > 0).then_some(Span { offset, size })
}
