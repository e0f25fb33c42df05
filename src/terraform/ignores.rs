//! The scanner suppressions written in Terraform source: `# tfsec:ignore:RULE`
//! and `#trivy:ignore:RULE` comments (tfsec's and Trivy's inline ignores,
//! with an optional `:exp:YYYY-MM-DD`), found in comments only: `#`, `//`
//! and `/* … */`, never inside a string or a heredoc.

use serde::{Deserialize, Serialize};

/// One inline ignore: where it is, which scanner and rule it silences, and
/// the resource block it stands in or above.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ignore {
    /// The file, relative to `--terraform-dir`.
    pub file: String,
    pub line: usize,
    /// `tfsec` or `trivy`.
    pub scanner: String,
    pub rule: String,
    /// The ignore's own expiry (`:exp:2025-06-30`), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// The block it is in, or the block it stands above
    /// (`aws_lb.main`, `module.web.aws_s3_bucket.logs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

const SCANNERS: [&str; 2] = ["tfsec", "trivy"];

/// Every ignore in `text`: (byte offset of the comment, line, scanner, rule,
/// expiry).
pub fn scan(text: &str) -> Vec<(usize, usize, &'static str, String, Option<String>)> {
    comments(text)
        .into_iter()
        .flat_map(|(offset, comment)| {
            let line = text.as_bytes()[..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            directives(comment)
                .into_iter()
                .map(move |(scanner, rule, expires)| (offset, line, scanner, rule, expires))
        })
        .collect()
}

/// `scanner:ignore:rule[:exp:date]` directives of one comment's text.
fn directives(comment: &str) -> Vec<(&'static str, String, Option<String>)> {
    let mut found = Vec::new();
    for word in comment.split(|c: char| c.is_whitespace() || c == ',') {
        let word = word.trim_start_matches(['#', '/', '*']);
        for scanner in SCANNERS {
            let Some(rest) = word
                .strip_prefix(scanner)
                .and_then(|r| r.strip_prefix(":ignore:"))
            else {
                continue;
            };
            let mut parts = rest.splitn(2, ":exp:");
            let rule = parts
                .next()
                .unwrap_or_default()
                .trim_end_matches(['*', '/']);
            if rule.is_empty() {
                continue;
            }
            let expires = parts
                .next()
                .map(|d| d.trim_end_matches(['*', '/']).to_string());
            found.push((scanner, rule.to_string(), expires));
        }
    }
    found
}

/// The comments of HCL source, each with its byte offset: `#` and `//` to
/// the end of the line, `/* … */` whole. Strings (`"…"`, with `\` escapes
/// and `${…}` templates that may hold strings) and heredocs (`<<EOT` or
/// `<<-EOT` to the line that is `EOT`) are skipped.
fn comments(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i + 1),
            b'#' => i = line_comment(text, i, &mut out),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_comment(text, i, &mut out),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(text.len(), |e| i + 2 + e + 2);
                out.push((i, &text[i..end]));
                i = end;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => i = skip_heredoc(text, i),
            _ => i += 1,
        }
    }
    out
}

fn line_comment<'t>(text: &'t str, start: usize, out: &mut Vec<(usize, &'t str)>) -> usize {
    let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
    out.push((start, &text[start..end]));
    end
}

/// Past the string that starts before `i` (its opening quote consumed).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 2;
            }
            b'}' if depth > 0 => {
                depth -= 1;
                i += 1;
            }
            b'"' if depth > 0 => i = skip_string(bytes, i + 1),
            b'"' => return i + 1,
            b'\n' if depth == 0 => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Past a heredoc starting at `i` (`<<EOT` / `<<-EOT`), or past `<<` when it
/// is none.
fn skip_heredoc(text: &str, i: usize) -> usize {
    let rest = &text[i + 2..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let marker: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if marker.is_empty() {
        return i + 2;
    }
    let Some(first_newline) = text[i..].find('\n') else {
        return text.len();
    };
    let mut at = i + first_newline + 1;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |e| at + e);
        if text[at..end].trim() == marker {
            return end;
        }
        at = end + 1;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_are_found_in_comments_of_every_kind() {
        let text = r#"
#tfsec:ignore:aws-elb-alb-not-public
resource "aws_lb" "main" {
  internal = false # tfsec:ignore:aws-elb-drop-invalid-headers:exp:2025-06-30
  // trivy:ignore:AVD-AWS-0053
  /* tfsec:ignore:aws-elb-use-secure-tls-policy */
}
"#;
        let found: Vec<_> = scan(text)
            .into_iter()
            .map(|(_, line, scanner, rule, exp)| (line, scanner, rule, exp))
            .collect();
        assert_eq!(
            found,
            [
                (2, "tfsec", "aws-elb-alb-not-public".to_string(), None),
                (
                    4,
                    "tfsec",
                    "aws-elb-drop-invalid-headers".to_string(),
                    Some("2025-06-30".to_string())
                ),
                (5, "trivy", "AVD-AWS-0053".to_string(), None),
                (
                    6,
                    "tfsec",
                    "aws-elb-use-secure-tls-policy".to_string(),
                    None
                ),
            ]
        );
    }

    #[test]
    fn strings_and_heredocs_are_not_comments() {
        let text = r#"
resource "aws_iam_policy" "p" {
  description = "see #tfsec:ignore:aws-iam-no-policy-wildcards in the docs"
  name        = "${var.prefix}-#tfsec:ignore:x-${lookup(var.m, "k#tfsec:ignore:y")}"
  policy      = <<-EOT
    # tfsec:ignore:aws-iam-no-policy-wildcards
    {"Version": "2012-10-17"}
  EOT
}
# tfsec:ignore:after-the-heredoc
"#;
        let rules: Vec<String> = scan(text)
            .into_iter()
            .map(|(_, _, _, rule, _)| rule)
            .collect();
        assert_eq!(rules, ["after-the-heredoc"]);
    }

    #[test]
    fn odd_input_ends() {
        for text in [
            "\"unterminated",
            "<<EOT\nno end",
            "/* open",
            "#",
            "<<",
            "<<-",
            "\"${",
            "tfsec:ignore:",
        ] {
            let _ = scan(text);
        }
        assert!(scan("# tfsec:ignore:").is_empty());
    }
}
