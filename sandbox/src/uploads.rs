//! Uploaded documents: the format judged by the bytes, the analysis verdict, and archives that
//! move `STARTED` → `ANALYZED` | `UNSUPPORTED` | `ERROR` lazily with the clock. The bytes stay in
//! memory so the user can fetch a file again, until the archive is revoked.

use std::time::{Duration, SystemTime};

use bytes::Bytes;

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

/// The `content-type` a file of this format is served with.
pub fn content_type(format: FileFormat) -> &'static str {
    match format {
        FileFormat::Pdf => "application/pdf",
        FileFormat::Png => "image/png",
        FileFormat::Jpg | FileFormat::Jpeg => "image/jpeg",
    }
}

/// Characters RFC 8187 lets through unencoded in `filename*`.
fn is_attr_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b)
}

/// `content-disposition` for showing a file in the browser under its uploaded name. The name comes
/// from the user, so it is never pasted in raw: quotes, backslashes, control and non-ASCII
/// characters would break the header or be read differently by different browsers. Such a name
/// gets an ASCII stand-in in `filename` and its exact UTF-8 form, percent-encoded, in `filename*`.
pub fn content_disposition(name: &str) -> String {
    let plain = |c: char| (' '..='~').contains(&c) && !matches!(c, '"' | '\\' | '%');
    if name.trim().is_empty() {
        return "inline; filename=\"document\"".into();
    }
    if name.chars().all(plain) {
        return format!("inline; filename=\"{name}\"");
    }
    let fallback: String = name.chars().map(|c| if plain(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| if is_attr_char(b) { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect();
    format!("inline; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// One received file, already judged, with its bytes.
#[derive(Clone)]
pub struct ReceivedFile {
    pub name: String,
    pub sub_type: Option<String>,
    pub size: u64,
    pub format: FileFormat,
    pub verdict: Verdict,
    /// Emptied when the archive is revoked.
    pub bytes: Bytes,
}

#[derive(Clone)]
pub struct ArchiveRecord {
    pub id: String,
    pub user_id: String,
    kind: String,
    employer_name: Option<String>,
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
        employer_name: Option<String>,
        files: Vec<ReceivedFile>,
        now: SystemTime,
        delay: Duration,
    ) -> ArchiveRecord {
        ArchiveRecord {
            id: ids::archive_id(),
            user_id: user_id.into(),
            kind: kind.into(),
            employer_name,
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

    /// Revoking removes the data: the bytes are dropped at once, the record stays for the list.
    pub fn revoke(&mut self, now: SystemTime) {
        if self.status != ArchiveStatus::Revoked {
            self.status = ArchiveStatus::Revoked;
            self.updated_at = now;
            for (_, f) in &mut self.files {
                f.bytes = Bytes::new();
            }
        }
    }

    /// Bytes this archive keeps in memory (none once revoked).
    pub fn held_bytes(&self) -> u64 {
        self.files.iter().map(|(_, f)| f.bytes.len() as u64).sum()
    }

    /// One of this archive's files, while its bytes are still kept.
    pub fn file(&self, file_id: &str) -> Option<&ReceivedFile> {
        if self.status == ArchiveStatus::Revoked {
            return None;
        }
        self.files.iter().find(|(id, _)| id == file_id).map(|(_, f)| f)
    }

    /// `public_base` is where this server is reached, e.g. `http://127.0.0.1:8787`, so that each
    /// raw file's `url` is absolute and works from the partner's page as well as the widget's.
    pub fn to_api(&self, public_base: &str) -> Archive {
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
                    url: (self.status != ArchiveStatus::Revoked)
                        .then(|| format!("{public_base}/v1/archives/{}/files/{id}", self.id)),
                })
                .collect(),
            employer_name: self.employer_name.clone(),
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
            bytes: Bytes::from_static(b"%"),
        };
        let t0 = SystemTime::UNIX_EPOCH;
        let mut a = ArchiveRecord::new(
            "usr-1",
            "PAYSLIP",
            None,
            vec![file(Verdict::Readable), file(Verdict::Damaged)],
            t0,
            Duration::from_secs(1),
        );
        a.advance(t0);
        assert_eq!(a.to_api("").state.status, ArchiveStatus::Started);
        a.advance(t0 + Duration::from_secs(1));
        assert_eq!(a.to_api("").state.status, ArchiveStatus::Error);
        assert_eq!(a.held_bytes(), 2, "a file that failed analysis is still kept");
        a.revoke(t0 + Duration::from_secs(2));
        assert_eq!(a.to_api("").state.status, ArchiveStatus::Revoked);
    }

    #[test]
    fn revoking_drops_the_bytes_and_the_urls() {
        let bytes = Bytes::from_static(b"%PDF-1.7\n%%EOF");
        let file = ReceivedFile {
            name: "a.pdf".into(),
            sub_type: None,
            size: bytes.len() as u64,
            format: FileFormat::Pdf,
            verdict: Verdict::Readable,
            bytes: bytes.clone(),
        };
        let t0 = SystemTime::UNIX_EPOCH;
        let mut a = ArchiveRecord::new("usr-1", "PAYSLIP", None, vec![file], t0, Duration::ZERO);
        let api = a.to_api("http://127.0.0.1:8787");
        let file_id = api.raw_files[0].id.clone();
        assert_eq!(
            api.raw_files[0].url.as_deref(),
            Some(format!("http://127.0.0.1:8787/v1/archives/{}/files/{file_id}", a.id).as_str())
        );
        assert_eq!(a.file(&file_id).map(|f| f.bytes.clone()), Some(bytes.clone()));
        assert_eq!(a.held_bytes(), bytes.len() as u64);
        a.revoke(t0);
        assert!(a.file(&file_id).is_none());
        assert_eq!(a.held_bytes(), 0);
        assert_eq!(a.to_api("http://127.0.0.1:8787").raw_files[0].url, None);
    }

    #[test]
    fn file_names_are_quoted_safely_in_the_disposition() {
        assert_eq!(content_disposition("march.pdf"), r#"inline; filename="march.pdf""#);
        assert_eq!(
            content_disposition("a\"b\\c.pdf"),
            r#"inline; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf"#
        );
        assert_eq!(
            content_disposition("reçu.pdf"),
            r#"inline; filename="re_u.pdf"; filename*=UTF-8''re%C3%A7u.pdf"#
        );
        assert_eq!(
            content_disposition("x\r\nSet-Cookie: a=b.pdf"),
            "inline; filename=\"x__Set-Cookie: a=b.pdf\"; filename*=UTF-8''x%0D%0ASet-Cookie%3A%20a%3Db.pdf"
        );
        assert_eq!(content_disposition(""), r#"inline; filename="document""#);
        for name in ["march.pdf", "a\"b.pdf", "reçu.pdf", "\u{7}", "100%.pdf"] {
            assert!(axum::http::HeaderValue::from_str(&content_disposition(name)).is_ok(), "{name:?}");
        }
    }
}
