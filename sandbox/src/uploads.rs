//! Uploaded documents: the format judged by the bytes, the analysis verdict, and archives that
//! move `STARTED` → `ANALYZED` | `UNSUPPORTED` | `ERROR` lazily with the clock.

use std::time::{Duration, SystemTime};

use smile_link_api::{
    Archive, ArchiveState, ArchiveStatus, FileFormat, FileSubType, FileType, MAX_UPLOAD_BYTES, RawFile,
    USER_PROVIDED,
};

use crate::ids;

/// The format a file's first bytes show, if it is one the API takes.
pub fn sniff(bytes: &[u8]) -> Option<FileFormat> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileFormat::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileFormat::Jpeg)
    } else {
        None
    }
}

/// What the analysis will conclude about a file of a known format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Readable,
    /// Password-protected: it cannot be read without the user's help.
    Unsupported,
    /// Cut short or damaged.
    Damaged,
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn verdict(format: FileFormat, bytes: &[u8]) -> Verdict {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    match format {
        FileFormat::Pdf if contains(bytes, b"/Encrypt") => Verdict::Unsupported,
        FileFormat::Pdf if !contains(tail, b"%%EOF") => Verdict::Damaged,
        FileFormat::Png if !contains(tail, b"IEND") => Verdict::Damaged,
        FileFormat::Jpg | FileFormat::Jpeg if !tail.ends_with(&[0xFF, 0xD9]) => Verdict::Damaged,
        _ => Verdict::Readable,
    }
}

/// The document types the widget may upload.
pub fn file_types(logo_base: &str) -> Vec<FileType> {
    let formats = vec![FileFormat::Pdf, FileFormat::Png, FileFormat::Jpg, FileFormat::Jpeg];
    let sub = |kind: &str, label: &str| FileSubType { kind: kind.into(), label: label.into() };
    [
        ("PAYSLIP", "Payslip", vec![]),
        ("TAX_DOCUMENT", "Tax document", vec![]),
        ("COMPANY_ID", "Company ID", vec![sub("FRONT", "Front"), sub("BACK", "Back")]),
    ]
    .into_iter()
    .map(|(kind, label, sub_types)| FileType {
        kind: kind.into(),
        type_label: label.into(),
        logo_url: format!("{logo_base}/logos/filetype_{}.svg", kind.to_ascii_lowercase()),
        sub_types,
        formats: formats.clone(),
        max_size_bytes: MAX_UPLOAD_BYTES as u64,
    })
    .collect()
}

/// One received file, already judged.
#[derive(Debug, Clone)]
pub struct ReceivedFile {
    pub name: String,
    pub sub_type: Option<String>,
    pub size: u64,
    pub format: FileFormat,
    pub verdict: Verdict,
}

#[derive(Debug, Clone)]
pub struct ArchiveRecord {
    pub id: String,
    pub user_id: String,
    kind: String,
    created_at: SystemTime,
    updated_at: SystemTime,
    status: ArchiveStatus,
    ready_at: SystemTime,
    files: Vec<(String, ReceivedFile)>,
}

impl ArchiveRecord {
    pub fn new(
        user_id: &str,
        kind: &str,
        files: Vec<ReceivedFile>,
        now: SystemTime,
        delay: Duration,
    ) -> ArchiveRecord {
        ArchiveRecord {
            id: ids::archive_id(),
            user_id: user_id.into(),
            kind: kind.into(),
            created_at: now,
            updated_at: now,
            status: ArchiveStatus::Started,
            ready_at: now + delay,
            files: files.into_iter().map(|f| (ids::raw_file_id(), f)).collect(),
        }
    }

    /// Ends the analysis once its time has come: the worst file decides.
    pub fn advance(&mut self, now: SystemTime) {
        if self.status == ArchiveStatus::Started && self.ready_at <= now {
            let verdicts = || self.files.iter().map(|(_, f)| f.verdict);
            self.status = if verdicts().any(|v| v == Verdict::Damaged) {
                ArchiveStatus::Error
            } else if verdicts().any(|v| v == Verdict::Unsupported) {
                ArchiveStatus::Unsupported
            } else {
                ArchiveStatus::Analyzed
            };
            self.updated_at = self.ready_at;
        }
    }

    pub fn revoke(&mut self, now: SystemTime) {
        if self.status != ArchiveStatus::Revoked {
            self.status = ArchiveStatus::Revoked;
            self.updated_at = now;
        }
    }

    pub fn to_api(&self) -> Archive {
        let (error_code, error_message) = match self.status {
            ArchiveStatus::Error => {
                (Some("FILE_DAMAGED"), Some("A file is damaged or cut short and cannot be read."))
            }
            ArchiveStatus::Unsupported => (
                Some("FILE_PROTECTED"),
                Some("A file is password-protected, so its data cannot be extracted."),
            ),
            _ => (None, None),
        };
        Archive {
            id: self.id.clone(),
            created_at: ids::iso(self.created_at),
            provider_id: USER_PROVIDED.into(),
            user_id: self.user_id.clone(),
            kind: self.kind.clone(),
            state: ArchiveState {
                status: self.status,
                error_code: error_code.map(Into::into),
                error_message: error_message.map(Into::into),
                updated_at: ids::iso(self.updated_at),
            },
            raw_files: self
                .files
                .iter()
                .map(|(id, f)| RawFile {
                    id: id.clone(),
                    created_at: ids::iso(self.created_at),
                    name: f.name.clone(),
                    sub_type: f.sub_type.clone(),
                    size: f.size,
                    format: f.format,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_bytes_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileFormat::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileFormat::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileFormat::Jpeg));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn damaged_and_protected_files_are_told_apart() {
        assert_eq!(verdict(FileFormat::Pdf, b"%PDF-1.7\n1 0 obj\n%%EOF\n"), Verdict::Readable);
        assert_eq!(verdict(FileFormat::Pdf, b"%PDF-1.7\n1 0 obj"), Verdict::Damaged);
        assert_eq!(verdict(FileFormat::Pdf, b"%PDF-1.7 /Encrypt 5 0 R %%EOF"), Verdict::Unsupported);
        assert_eq!(verdict(FileFormat::Jpeg, &[0xFF, 0xD8, 0xFF, 0xD9]), Verdict::Readable);
        assert_eq!(verdict(FileFormat::Jpeg, &[0xFF, 0xD8, 0xFF, 0x00]), Verdict::Damaged);
    }

    #[test]
    fn the_worst_file_decides_the_archive() {
        let file = |verdict| ReceivedFile {
            name: "a".into(),
            sub_type: None,
            size: 1,
            format: FileFormat::Pdf,
            verdict,
        };
        let t0 = SystemTime::UNIX_EPOCH;
        let mut a = ArchiveRecord::new(
            "usr-1",
            "PAYSLIP",
            vec![file(Verdict::Readable), file(Verdict::Damaged)],
            t0,
            Duration::from_secs(1),
        );
        a.advance(t0);
        assert_eq!(a.to_api().state.status, ArchiveStatus::Started);
        a.advance(t0 + Duration::from_secs(1));
        assert_eq!(a.to_api().state.status, ArchiveStatus::Error);
        a.revoke(t0 + Duration::from_secs(2));
        assert_eq!(a.to_api().state.status, ArchiveStatus::Revoked);
    }
}
