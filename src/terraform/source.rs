//! Where each resource is written: the `resource` blocks of a Terraform
//! directory's `.tf` files, with their file and line, following `module`
//! blocks whose source is a local path.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use hcl_edit::Span;
use hcl_edit::structure::{Block, Body};

use super::ignores::{self, Ignore};
use super::secrets::{self, SecretLiteral};

/// A block's place: its file, relative to the directory given (`/` between
/// parts), and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

/// Modules nest at most this deep (a module that sources itself ends here).
const DEEPEST: usize = 32;

/// Every resource block of a configuration, by its address without instance
/// keys (`module.web.aws_lb.main`), and what could not be read.
#[derive(Debug, Default)]
pub struct Source {
    by_address: HashMap<String, Place>,
    /// Every `tfsec:ignore` / `trivy:ignore` comment, in file order.
    pub ignores: Vec<Ignore>,
    /// Every `secret_string` of a resource block, judged (no value kept).
    pub secrets: Vec<SecretLiteral>,
    pub problems: Vec<String>,
}

impl Source {
    /// Read the root module in `dir` and every local module it calls.
    pub fn load(dir: &Path) -> Source {
        let mut source = Source::default();
        if !dir.is_dir() {
            source
                .problems
                .push(format!("{}: not a directory", dir.display()));
            return source;
        }
        source.module(dir, Path::new(""), "", 0);
        source
    }

    /// The place of the block that declares the instance at `address`
    /// (`module.web["a"].aws_lb.main[0]` is declared by `module.web.aws_lb.main`).
    pub fn place(&self, address: &str) -> Option<&Place> {
        self.by_address.get(&without_keys(address))
    }

    fn module(&mut self, root: &Path, relative: &Path, prefix: &str, depth: usize) {
        let dir = root.join(relative);
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "tf") && p.is_file())
                .collect(),
            Err(err) => {
                self.problems.push(format!("{}: {err}", dir.display()));
                return;
            }
        };
        files.sort();
        for path in files {
            let name = normalize(&relative.join(path.file_name().unwrap_or_default()));
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(err) => {
                    self.problems.push(format!("{name}: {err}"));
                    continue;
                }
            };
            let body = match hcl_edit::parser::parse_body(&text) {
                Ok(body) => body,
                Err(err) => {
                    let first = err
                        .to_string()
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    self.problems
                        .push(format!("{name}: does not parse as HCL: {first}"));
                    continue;
                }
            };
            self.blocks(&body, &text, &name, root, relative, prefix, depth);
            self.ignores_of(&body, &text, &name, prefix);
        }
    }

    /// The file's ignore comments, each with the top-level block it stands
    /// in, or else the one it stands above.
    fn ignores_of(&mut self, body: &Body, text: &str, file: &str, prefix: &str) {
        let tops: Vec<(std::ops::Range<usize>, Option<String>)> = body
            .blocks()
            .filter_map(|block| {
                let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
                let address = match (block.ident.as_str(), labels.as_slice()) {
                    ("resource", [kind, name]) => Some(format!("{prefix}{kind}.{name}")),
                    ("data", [kind, name]) => Some(format!("{prefix}data.{kind}.{name}")),
                    ("module", [name]) => Some(format!("{prefix}module.{name}")),
                    _ => None,
                };
                Some((block.span()?, address))
            })
            .collect();
        for (offset, line, scanner, rule, expires) in ignores::scan(text) {
            let address = tops
                .iter()
                .find(|(span, _)| span.contains(&offset))
                .or_else(|| tops.iter().find(|(span, _)| span.start > offset))
                .and_then(|(_, address)| address.clone());
            self.ignores.push(Ignore {
                file: file.to_string(),
                line,
                scanner: scanner.to_string(),
                rule,
                expires,
                address,
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn blocks(
        &mut self,
        body: &Body,
        text: &str,
        file: &str,
        root: &Path,
        relative: &Path,
        prefix: &str,
        depth: usize,
    ) {
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            match (block.ident.as_str(), labels.as_slice()) {
                ("resource", [kind, name]) => {
                    let place = Place {
                        file: file.to_string(),
                        line: line_of(block, text),
                    };
                    let address = format!("{prefix}{kind}.{name}");
                    if let Some(attribute) = block.body.get_attribute("secret_string") {
                        let (verdict, fields) = secrets::judge(&attribute.value);
                        let start = attribute.span().map_or(0, |s| s.start).min(text.len());
                        self.secrets.push(SecretLiteral {
                            file: file.to_string(),
                            line: text.as_bytes()[..start]
                                .iter()
                                .filter(|b| **b == b'\n')
                                .count()
                                + 1,
                            address: address.clone(),
                            verdict,
                            fields,
                        });
                    }
                    self.by_address.entry(address).or_insert(place);
                }
                ("module", [name]) => self.call(block, name, file, root, relative, prefix, depth),
                _ => {}
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        block: &Block,
        name: &str,
        file: &str,
        root: &Path,
        relative: &Path,
        prefix: &str,
        depth: usize,
    ) {
        let source = block
            .body
            .get_attribute("source")
            .and_then(|a| a.value.as_str());
        let Some(source) = source else {
            self.problems.push(format!(
                "{file}: module {name} has no literal `source`; its resources are not located"
            ));
            return;
        };
        if !(source.starts_with("./") || source.starts_with("../")) {
            self.problems.push(format!(
                "{file}: module {name} comes from {source:?}, not a local path; its resources are not located"
            ));
            return;
        }
        if depth >= DEEPEST {
            self.problems.push(format!(
                "{file}: module {name} nests more than {DEEPEST} modules deep; not followed"
            ));
            return;
        }
        let inner = relative.join(source);
        self.module(root, &inner, &format!("{prefix}module.{name}."), depth + 1);
    }
}

/// The 1-based line a block starts on.
fn line_of(block: &Block, text: &str) -> usize {
    let start = block.span().map_or(0, |s| s.start).min(text.len());
    text.as_bytes()[..start]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// `a/./b/../c.tf` as `a/c.tf`, with `/` between parts; a `..` past the
/// start is kept.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

/// An instance address without its instance keys: `module.web["a"].aws_lb.main[0]`
/// is `module.web.aws_lb.main`.
pub fn without_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    for c in address.chars() {
        if depth > 0 {
            match c {
                _ if escaped => escaped = false,
                '\\' if quoted => escaped = true,
                '"' => quoted = !quoted,
                '[' if !quoted => depth += 1,
                ']' if !quoted => depth -= 1,
                _ => {}
            }
        } else if c == '[' {
            depth = 1;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dir(PathBuf);
    impl Dir {
        fn new(name: &str) -> Dir {
            let dir =
                std::env::temp_dir().join(format!("posture-tfsrc-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Dir(dir)
        }
        fn write(&self, name: &str, text: &str) {
            let path = self.0.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn resources_are_found_at_their_line_through_local_modules() {
        let dir = Dir::new("modules");
        dir.write(
            "alb.tf",
            "# The load balancer.\n\nresource \"aws_lb\" \"main\" {\n  name = \"web\"\n}\n\ndata \"aws_vpc\" \"main\" {}\n",
        );
        dir.write(
            "main.tf",
            "module \"net\" {\n  source = \"./modules/net\"\n}\nmodule \"remote\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n",
        );
        dir.write("broken.tf", "resource \"aws_s3_bucket\" {\n");
        dir.write(
            "modules/net/sg.tf",
            "\n\nresource \"aws_security_group\" \"admin\" {\n  count = 2\n}\nmodule \"deeper\" {\n  source = \"../../shared\"\n}\n",
        );
        dir.write(
            "shared/logs.tf",
            "resource \"aws_cloudwatch_log_group\" \"app\" {}\n",
        );
        let source = Source::load(&dir.0);
        let at = |address: &str| source.place(address).cloned();
        assert_eq!(
            at("aws_lb.main"),
            Some(Place {
                file: "alb.tf".into(),
                line: 3
            })
        );
        assert_eq!(
            at("module.net.aws_security_group.admin[1]"),
            Some(Place {
                file: "modules/net/sg.tf".into(),
                line: 3
            })
        );
        assert_eq!(
            at("module.net.module.deeper.aws_cloudwatch_log_group.app"),
            Some(Place {
                file: "shared/logs.tf".into(),
                line: 1
            })
        );
        assert_eq!(at("data.aws_vpc.main"), None);
        assert_eq!(source.problems.len(), 2, "{:?}", source.problems);
        assert!(
            source.problems[0].starts_with("broken.tf: does not parse as HCL"),
            "{:?}",
            source.problems
        );
        assert!(
            source.problems[1]
                .contains("module remote comes from \"terraform-aws-modules/vpc/aws\""),
            "{:?}",
            source.problems
        );
    }

    #[test]
    fn a_module_that_sources_itself_ends() {
        let dir = Dir::new("loop");
        dir.write(
            "main.tf",
            "module \"again\" {\n  source = \"./\"\n}\nresource \"aws_kms_key\" \"k\" {}\n",
        );
        let source = Source::load(&dir.0);
        assert!(
            source
                .problems
                .iter()
                .any(|p| p.contains("nests more than")),
            "{:?}",
            source.problems
        );
        assert!(source.place("aws_kms_key.k").is_some());
        assert!(Source::load(&dir.0.join("absent")).problems[0].contains("not a directory"));
    }

    #[test]
    fn instance_keys_are_taken_off() {
        assert_eq!(without_keys("aws_lb.main"), "aws_lb.main");
        assert_eq!(without_keys("aws_lb.main[0]"), "aws_lb.main");
        assert_eq!(
            without_keys(r#"module.web["a]\"b"].aws_lb.main["x"]"#),
            "module.web.aws_lb.main"
        );
    }
}
