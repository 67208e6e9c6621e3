//! DL4006: pipes without pipefail.

use crate::model::Instruction;

/// Whether a JSON `SHELL` sets `-o pipefail` in a shell that supports it.
fn has_pipefail(shell: &Instruction) -> bool {
    let args = shell.args();
    let Some(first) = args.first() else {
        return false;
    };
    let base = first.rsplit(['/', '\\']).next().unwrap_or(first);
    if !matches!(base, "bash" | "zsh" | "ash" | "ksh" | "mksh") {
        return false;
    }
    args.windows(2)
        .any(|w| w[0].starts_with('-') && w[0].ends_with('o') && w[1] == "pipefail")
}

rule!(Dl4006, "DL4006", Warning, "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check",
what: "A `RUN` with a pipe while the shell is not set with `-o pipefail`.",
why: "Without pipefail only the last command's status counts: `curl … | tar x` succeeds even when the download failed.",
example: "RUN curl -fsSL https://x/app.tgz | tar -xz",
fix: "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://x/app.tgz | tar -xz",
|cx, out| {
    // The SHELL in force per stage; stages inherit their parent's.
    let mut shells: Vec<Option<&Instruction>> = vec![None; cx.df.stages.len()];
    let mut global: Option<&Instruction> = None;
    for inst in &cx.df.instructions {
        if inst.is("from") && !inst.onbuild {
            if let Some(st) = inst.stage {
                shells[st] = cx.parent(st).and_then(|p| shells[p]);
            }
            continue;
        }
        if inst.is("shell") && !inst.onbuild {
            match inst.stage {
                Some(st) => shells[st] = Some(inst),
                None => global = Some(inst),
            }
            continue;
        }
        let Some(s) = &inst.script else { continue };
        let shell = match inst.stage {
            Some(st) => shells[st],
            None => global,
        };
        if !s.pipelines.is_empty() && !shell.is_some_and(has_pipefail) {
            out.push(cx.hit(inst));
        }
    }
});
