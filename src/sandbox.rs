//! The one file layer every read and write of a build goes through.
//!
//! Reads ([`read_limited`]) are confined to a folder (the project): the path must stay inside
//! it once symlinks are followed, must name a regular file (a FIFO, device or socket is
//! refused from its metadata, before it is opened, and again from the opened handle so a swap
//! in between cannot slip through), and at most `limit` bytes are read — the limit is enforced
//! on the bytes actually read (`take(limit + 1)`), never on the size the metadata claims.
//!
//! Writes ([`create_new_file`], [`check_write_dir`]) never follow a symlink: new files are
//! created with `O_CREAT | O_EXCL | O_NOFOLLOW` under a fresh name and renamed into place (a
//! rename replaces a planted symlink itself, never its target), and every folder written into
//! must be a real folder, not a symlink.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files a template or the EPUB reads (templates, images, stylesheets) larger than this are
/// refused; report files have their own, smaller limit ([`crate::load::MAX_FILE_BYTES`]).
pub const MAX_ASSET_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read through the sandbox.
#[derive(Debug)]
pub enum ReadError {
    /// The path does not exist.
    NotFound,
    /// Outside the folder once symlinks are followed (the real path is given).
    Outside(PathBuf),
    /// Not a regular file: "a FIFO", "a character device", "a folder", …
    NotAFile(&'static str),
    /// More than the limit was read.
    TooLarge(u64),
    /// Any other I/O error.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "file not found"),
            ReadError::Outside(real) => write!(f, "resolves to {} outside the project folder", real.display()),
            ReadError::NotAFile(what) => write!(f, "is {what}, not a regular file"),
            ReadError::TooLarge(limit) => write!(f, "is larger than {} MiB", limit >> 20),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl ReadError {
    /// As an I/O error, with the same words.
    pub fn into_io(self) -> std::io::Error {
        match self {
            ReadError::Io(e) => e,
            ReadError::NotFound => std::io::Error::new(std::io::ErrorKind::NotFound, "file not found"),
            other => std::io::Error::other(other.to_string()),
        }
    }
}

/// What kind of special file a file type is (`None` for a regular file).
fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    if ft.is_dir() {
        return Some("a folder");
    }
    if ft.is_file() { None } else { Some("not a regular file") }
}

/// Resolves `path` (which must exist) and checks that it lies inside `root` (canonical).
pub fn confine(root: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    let real = path
        .canonicalize()
        .map_err(|e| if e.kind() == std::io::ErrorKind::NotFound { ReadError::NotFound } else { ReadError::Io(e) })?;
    if real.starts_with(root) { Ok(real) } else { Err(ReadError::Outside(real)) }
}

/// Reads a regular file inside `root`, at most `limit` bytes. Returns the real path and bytes.
pub fn read_limited(root: &Path, path: &Path, limit: u64) -> Result<(PathBuf, Vec<u8>), ReadError> {
    let real = confine(root, path)?;
    // Refused before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(&real).map_err(ReadError::Io)?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking, so that a FIFO swapped in after the check cannot block the open;
        // no symlink may have been swapped in for the last component either.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(&real).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok((real, bytes))
}

/// Checks that `dir` is a real folder (not a symlink) — or does not exist yet.
pub fn check_write_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => Err(std::io::Error::other(format!(
            "{} is a symlink; casebook writes only into real folders",
            dir.display()
        ))),
        Ok(meta) if !meta.is_dir() => Err(std::io::Error::other(format!("{} is not a folder", dir.display()))),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates `dir` (and its parents) and checks it is a real folder, not a symlink.
pub fn create_write_dir(dir: &Path) -> std::io::Result<()> {
    check_write_dir(dir)?;
    std::fs::create_dir_all(dir)?;
    check_write_dir(dir)
}

/// Creates a new file that did not exist (never following or replacing a symlink).
pub fn create_new_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(0o644);
    }
    options.open(path)
}

/// Writes a whole file without following symlinks: a fresh temporary file in the same
/// folder, synced, then renamed over `path` (a symlink planted at `path` is replaced, its
/// target is never written).
pub fn write_no_follow(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    check_write_dir(dir)?;
    let tmp = crate::output::temp_name(path);
    let result = (|| {
        let mut file = create_new_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_is_on_bytes_read() {
        let dir = tempfile_dir("limit");
        std::fs::write(dir.join("a"), b"12345").unwrap();
        let root = dir.canonicalize().unwrap();
        assert_eq!(read_limited(&root, &dir.join("a"), 5).unwrap().1, b"12345");
        assert!(matches!(read_limited(&root, &dir.join("a"), 4), Err(ReadError::TooLarge(4))));
        #[cfg(unix)]
        {
            // /dev/zero's metadata says 0 bytes; the limit still stops the read.
            std::os::unix::fs::symlink("/dev/zero", dir.join("z")).unwrap();
            assert!(matches!(read_limited(&root, &dir.join("z"), 4), Err(ReadError::Outside(_))));
            assert!(matches!(read_limited(Path::new("/"), Path::new("/dev/zero"), 4), Err(ReadError::NotAFile(_))));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn writes_replace_planted_symlinks_not_their_targets() {
        let dir = tempfile_dir("nofollow");
        std::fs::write(dir.join("victim"), b"keep").unwrap();
        std::os::unix::fs::symlink(dir.join("victim"), dir.join("out.json")).unwrap();
        write_no_follow(&dir.join("out.json"), b"new").unwrap();
        assert_eq!(std::fs::read(dir.join("victim")).unwrap(), b"keep");
        assert!(!std::fs::symlink_metadata(dir.join("out.json")).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(dir.join("out.json")).unwrap(), b"new");
        std::os::unix::fs::symlink(&dir, dir.join("linked")).unwrap();
        assert!(write_no_follow(&dir.join("linked/x"), b"x").is_err());
        assert!(!dir.join("x").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The FIFO check comes from the metadata before the open; a FIFO put at the name between
    /// the two must not block the open (`O_NONBLOCK`), and is refused from the opened handle.
    /// A regular file and a FIFO take turns at one name while it is read for four seconds:
    /// every read must return, with the file's bytes or a refusal. (The window is a few
    /// microseconds wide; without `O_NONBLOCK` a read blocked within the four seconds in each
    /// of 6 runs here.)
    #[cfg(unix)]
    #[test]
    fn a_fifo_swapped_in_after_the_check_never_blocks_a_read() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::time::{Duration, Instant};
        let dir = tempfile_dir("swap");
        let root = dir.canonicalize().unwrap();
        let (name, file, fifo) = (root.join("x"), root.join("file"), root.join("fifo"));
        std::fs::write(&file, b"data").unwrap();
        let c_fifo = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c_fifo.as_ptr(), 0o600) }, 0);
        let stop = Arc::new(AtomicBool::new(false));
        let swapper = {
            let (stop, name) = (stop.clone(), name.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    for other in [&file, &fifo] {
                        let _ = std::fs::rename(other, &name);
                        let _ = std::fs::rename(&name, other);
                    }
                }
            })
        };
        let reading = Duration::from_secs(4);
        let reader = std::thread::spawn(move || {
            let (start, mut refused) = (Instant::now(), 0);
            while start.elapsed() < reading {
                match read_limited(&root, &name, 100) {
                    Ok((_, bytes)) => assert_eq!(bytes, b"data"),
                    Err(ReadError::NotAFile(_)) => refused += 1,
                    Err(_) => {}
                }
            }
            refused
        });
        let deadline = Instant::now() + reading + Duration::from_secs(30);
        while !reader.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        stop.store(true, Ordering::Relaxed);
        swapper.join().unwrap();
        assert!(reader.is_finished(), "a read blocked opening a FIFO swapped in after the check");
        assert!(reader.join().unwrap() > 0, "the FIFO was never read: the test did not exercise the swap");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("casebook-sandbox-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
