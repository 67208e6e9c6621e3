//! BSN-CF-0004: remote-administration and legacy cleartext ports exposed
//! (SSH, Telnet, FTP, RDP, VNC, X11, the Docker API, RPC and SMB).

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "BSN-CF-0004",
    title: "Sensitive port exposed",
    severity: Severity::Medium,
    needs_files: false,
    explain: "\
A container exposing SSH, Telnet, FTP, RDP, VNC, X11, RPC, SMB or the Docker
API runs a login or administration service beside its application: another
way in, usually with weaker credentials than the application's own. Use
`docker exec`/`kubectl exec` for administration.

Fix: remove the service and its EXPOSE; if the port is used for something
else, tell the policy (`config: ports-denied`) which ports you deny.",
    run: Run::Config(run),
};

const PORTS: [(u16, &str); 13] = [
    (21, "FTP"),
    (22, "SSH"),
    (23, "Telnet"),
    (111, "RPC portmapper"),
    (135, "MS RPC"),
    (139, "NetBIOS"),
    (445, "SMB"),
    (2375, "Docker API (plain)"),
    (2376, "Docker API"),
    (3389, "RDP"),
    (5900, "VNC"),
    (5985, "WinRM"),
    (6000, "X11"),
];

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let mut out = Vec::new();
    for (spec, _) in ctx.config.config.exposed_ports.iter().flatten() {
        let port = spec.split('/').next().unwrap_or(spec);
        let Ok(port) = port.parse::<u16>() else {
            continue;
        };
        if let Some((_, what)) = PORTS.iter().find(|(p, _)| *p == port) {
            out.push(Hit {
                message: format!("EXPOSE {spec} ({what})"),
                ..Hit::default()
            });
        }
    }
    out
}
