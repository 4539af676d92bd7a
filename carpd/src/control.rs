//! The control socket: one request line per connection, answered with
//! `ok` or `error: MSG` and then a text body.
//!
//! Requests: `status`, `stats`, `get` (the settings), `set NAME VALUE`
//! (`set demotion +240` adjusts, as pfSense's maintenance mode does).
//!
//! `netlink generic` or `netlink route`, followed by one netlink request
//! message, is answered with the reply messages a FreeBSD kernel would
//! send (the "carp" generic family, addresses with a vhid): that is how
//! ifconfig on Linux drives carpd with the code that drives FreeBSD.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where carpd listens unless told otherwise.
pub const DEFAULT_SOCKET: &str = "/run/carpd.sock";
/// How long a client may take to send its request: the loop waits for it.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(200);

/// The socket path: `--socket`, else `CARPD_SOCKET`, else the default.
pub fn socket_path(flag: Option<&str>) -> PathBuf {
    flag.map(PathBuf::from)
        .or_else(|| std::env::var_os("CARPD_SOCKET").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SOCKET))
}

/// A parsed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Status,
    Stats,
    Get,
    /// `set NAME VALUE`; VALUE may be `+N`/`-N` for demotion.
    Set(String, String),
    /// One netlink request for the carp family (`generic`) or rtnetlink.
    Netlink { generic: bool, bytes: Vec<u8>, privileged: bool },
}

/// What a request gets back.
pub enum Reply {
    /// `ok` and a body, or `error: MSG`.
    Text(Result<String, String>),
    /// Netlink reply messages, as they are.
    Raw(Vec<u8>),
}

/// The largest netlink request accepted.
const MAX_NETLINK: u64 = 65536;

impl Request {
    pub fn parse(line: &str) -> Result<Request, String> {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["status"] => Ok(Request::Status),
            ["stats"] => Ok(Request::Stats),
            ["get"] => Ok(Request::Get),
            ["set", name, value] => Ok(Request::Set(name.to_string(), value.to_string())),
            _ => Err("usage: status | stats | get | set NAME VALUE".to_string()),
        }
    }
}

/// Serve one accepted connection: read a line, answer with `handle`.
pub fn serve(stream: UnixStream, handle: impl FnOnce(Result<Request, String>) -> Reply) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(CLIENT_TIMEOUT));
    let _ = stream.set_write_timeout(Some(CLIENT_TIMEOUT));
    let mut line = String::new();
    let mut reader = BufReader::new(&stream).take(4096);
    let req = match reader.read_line(&mut line) {
        Ok(_) => match line.trim().strip_prefix("netlink ") {
            Some(proto) => read_netlink(reader.into_inner(), proto, &stream),
            None => Request::parse(line.trim()),
        },
        Err(e) => Err(format!("read: {e}")),
    };
    let answer = match handle(req) {
        Reply::Text(Ok(body)) => format!("ok\n{body}").into_bytes(),
        Reply::Text(Err(msg)) => format!("error: {msg}\n").into_bytes(),
        Reply::Raw(bytes) => bytes,
    };
    let _ = (&stream).write_all(&answer);
}

/// The rest of a `netlink PROTO` request: the message, to end of stream,
/// and whether the peer may see keys and change vhids (root, as carp(4)
/// requires privilege).
fn read_netlink(mut reader: BufReader<&UnixStream>, proto: &str, stream: &UnixStream) -> Result<Request, String> {
    let generic = match proto {
        "generic" => true,
        "route" => false,
        _ => return Err(format!("netlink {proto}: unknown protocol")),
    };
    let mut bytes = Vec::new();
    (&mut reader).take(MAX_NETLINK).read_to_end(&mut bytes).map_err(|e| format!("read: {e}"))?;
    let cred = nix::sys::socket::getsockopt(stream, nix::sys::socket::sockopt::PeerCredentials);
    let privileged = cred.is_ok_and(|c| c.uid() == 0);
    Ok(Request::Netlink { generic, bytes, privileged })
}

/// The client side: send one request, return the body or the error.
pub fn request(path: &Path, line: &str) -> io::Result<Result<String, String>> {
    let mut s = UnixStream::connect(path)?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    s.write_all(format!("{line}\n").as_bytes())?;
    s.shutdown(std::net::Shutdown::Write)?;
    let mut text = String::new();
    s.read_to_string(&mut text)?;
    Ok(match text.split_once('\n') {
        Some(("ok", body)) => Ok(body.to_string()),
        Some((e, _)) => Err(e.strip_prefix("error: ").unwrap_or(e).to_string()),
        None => Err("no answer".to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_parse_and_bad_ones_say_usage() {
        assert_eq!(Request::parse("status"), Ok(Request::Status));
        assert_eq!(Request::parse("set demotion +240"), Ok(Request::Set("demotion".into(), "+240".into())));
        assert!(Request::parse("set preempt").unwrap_err().starts_with("usage:"));
        assert!(Request::parse("").is_err());
    }

    #[test]
    fn a_round_trip_over_a_socket_pair() {
        let (a, b) = UnixStream::pair().unwrap();
        let t = std::thread::spawn(move || {
            serve(a, |r| match r {
                Ok(Request::Stats) => Reply::Text(Ok("carp:\n\t0 packets received (IPv4)\n".into())),
                _ => Reply::Text(Err("nope".into())),
            })
        });
        let mut b = b;
        b.write_all(b"stats\n").unwrap();
        let mut text = String::new();
        b.read_to_string(&mut text).unwrap();
        t.join().unwrap();
        assert_eq!(text, "ok\ncarp:\n\t0 packets received (IPv4)\n");
    }
}
