//! Documents the user uploads: which files are accepted before anything is sent (the format judged
//! by the file's first bytes, the size, the count), and how sizes read.

use smile_link_api::{FileFormat, FileType};

/// Most files one upload may carry (the link API refuses more).
pub const MAX_FILES: usize = 10;
/// How many leading bytes decide a file's format.
pub const SNIFF_BYTES: u32 = 8;

/// Why a chosen file is not added to the upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// Not a PDF, PNG or JPEG by its content, whatever its name says.
    WrongFormat,
    Empty,
    /// Over the file type's size limit.
    TooBig,
    /// The upload already has as many files as it may.
    TooMany,
}

/// The format the first bytes of a file announce.
pub fn sniff(head: &[u8]) -> Option<FileFormat> {
    if head.starts_with(b"%PDF-") {
        Some(FileFormat::Pdf)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]) {
        Some(FileFormat::Png)
    } else if head.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(FileFormat::Jpeg)
    } else {
        None
    }
}

/// Whether a file of `size` bytes starting with `head` may join an upload of `file_type` that
/// already holds `count` files.
pub fn check(file_type: &FileType, size: u64, head: &[u8], count: usize) -> Result<FileFormat, FileProblem> {
    if count >= MAX_FILES {
        return Err(FileProblem::TooMany);
    }
    if size == 0 {
        return Err(FileProblem::Empty);
    }
    if size > file_type.max_size_bytes {
        return Err(FileProblem::TooBig);
    }
    let format = sniff(head).ok_or(FileProblem::WrongFormat)?;
    let accepted = file_type.formats.iter().any(|f| same_format(*f, format));
    if accepted { Ok(format) } else { Err(FileProblem::WrongFormat) }
}

/// JPG and JPEG are one format under two names.
fn same_format(a: FileFormat, b: FileFormat) -> bool {
    let jpeg = |f| matches!(f, FileFormat::Jpg | FileFormat::Jpeg);
    a == b || (jpeg(a) && jpeg(b))
}

/// A size as people read it, with the locale's decimal separator: `512 B`, `1.5 MB`, `15 MB`.
/// Integer arithmetic only: float formatting would add kilobytes to the wasm.
pub fn format_size(bytes: u64, decimal: char) -> String {
    let (unit, scale) = match bytes {
        0..1024 => return format!("{bytes} B"),
        1024..1_048_576 => ("KB", 1024),
        _ => ("MB", 1_048_576),
    };
    // Tenths, rounded half up.
    let tenths = (bytes * 10 + scale / 2) / scale;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    if whole >= 10 || tenth == 0 {
        let rounded = (bytes + scale / 2) / scale;
        format!("{rounded} {unit}")
    } else {
        format!("{whole}{decimal}{tenth} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payslip() -> FileType {
        serde_json::from_value(serde_json::json!({
            "type": "PAYSLIP", "typeLabel": "Payslip", "logoUrl": "", "subTypes": [],
            "formats": ["PDF", "PNG", "JPG", "JPEG"], "maxSizeBytes": 15 * 1024 * 1024
        }))
        .unwrap()
    }

    #[test]
    fn the_format_comes_from_the_first_bytes_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(FileFormat::Pdf));
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]), Some(FileFormat::Png));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some(FileFormat::Jpeg));
        assert_eq!(sniff(b"hello, this is a text file"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn each_bad_file_is_refused_with_its_own_reason() {
        let t = payslip();
        assert_eq!(check(&t, 1000, b"%PDF-1.4", 0), Ok(FileFormat::Pdf));
        assert_eq!(check(&t, 1000, b"not a pdf", 0), Err(FileProblem::WrongFormat));
        assert_eq!(check(&t, 0, b"", 0), Err(FileProblem::Empty));
        assert_eq!(check(&t, 15 * 1024 * 1024 + 1, b"%PDF-1.4", 0), Err(FileProblem::TooBig));
        assert_eq!(check(&t, 1000, b"%PDF-1.4", MAX_FILES), Err(FileProblem::TooMany));
        let mut pdf_only = payslip();
        pdf_only.formats = vec![FileFormat::Pdf];
        assert_eq!(check(&pdf_only, 10, &[0xff, 0xd8, 0xff, 0xe0], 0), Err(FileProblem::WrongFormat));
        let mut jpg = payslip();
        jpg.formats = vec![FileFormat::Jpg];
        assert_eq!(check(&jpg, 10, &[0xff, 0xd8, 0xff, 0xe0], 0), Ok(FileFormat::Jpeg));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(format_size(512, '.'), "512 B");
        assert_eq!(format_size(1536, '.'), "1.5 KB");
        assert_eq!(format_size(15 * 1024 * 1024, '.'), "15 MB");
        assert_eq!(format_size(1_572_864, ','), "1,5 MB");
        assert_eq!(format_size(1023, '.'), "1023 B");
        assert_eq!(format_size(1024, '.'), "1 KB");
        assert_eq!(format_size(10 * 1024 + 900, '.'), "11 KB");
        assert_eq!(format_size(16_000_000, '.'), "15 MB");
    }
}
