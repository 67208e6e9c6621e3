//! Test support (feature `testing`): real `docker-registry` processes on
//! 127.0.0.1 and the tools around them, shared by this crate's tests and
//! the CLI's. Not part of the client. Tests check the tools are there with
//! `bosun_testkit::require_tools` first.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `docker-registry serve` process on a free 127.0.0.1 port with its own
/// storage, killed on drop.
pub struct LocalRegistry {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for LocalRegistry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl LocalRegistry {
    /// Starts one; `auth` is the YAML of an `auth:` section, or empty.
    pub fn start(auth: &str) -> io::Result<Self> {
        let dir = tempfile::tempdir()?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let config = format!(
            "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:{port}\n{auth}",
            dir.path().join("data").display()
        );
        let cfg = dir.path().join("config.yml");
        std::fs::write(&cfg, config)?;
        let mut child = Command::new("docker-registry")
            .arg("serve")
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline || child.try_wait()?.is_some() {
                let _ = child.kill();
                return Err(io::Error::other("docker-registry did not start"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Self {
            child,
            port,
            _dir: dir,
        })
    }

    /// `127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

/// Writes an htpasswd file (bcrypt, as distribution requires) in `dir`.
pub fn htpasswd(dir: &Path, user: &str, pass: &str) -> io::Result<PathBuf> {
    let out = Command::new("htpasswd")
        .args(["-Bbn", user, pass])
        .output()?;
    if !out.status.success() {
        return Err(io::Error::other("htpasswd failed"));
    }
    let p = dir.join("htpasswd");
    std::fs::write(&p, out.stdout)?;
    Ok(p)
}

/// The `auth:` section for an htpasswd file.
pub fn htpasswd_auth(file: &Path) -> String {
    format!(
        "auth:\n  htpasswd:\n    realm: test\n    path: {}\n",
        file.display()
    )
}

/// `skopeo copy --all SRC docker://DST` to a plain-HTTP registry.
pub fn skopeo_push(src: &str, dst: &str, creds: Option<&str>) -> io::Result<()> {
    let mut c = Command::new("skopeo");
    c.args(["copy", "--quiet", "--all", "--dest-tls-verify=false"]);
    if let Some(cr) = creds {
        c.args(["--dest-creds", cr]);
    }
    let out = c.arg(src).arg(format!("docker://{dst}")).output()?;
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "skopeo: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(())
}
