//! CSV, for spreadsheets and ad-hoc analysis: one row per finding, in the
//! report's order (worst first), written with the `csv` crate (RFC 4180:
//! fields quoted when they hold a comma, a quote or a line break; CRLF
//! between records).

use super::Report;
use crate::catalog::Framework;
use crate::finding::Finding;

pub const HEADER: [&str; 12] = [
    "id",
    "check",
    "title",
    "severity",
    "tier",
    "status",
    "account",
    "region",
    "resource",
    "message",
    "remediation",
    "controls",
];

pub fn render(report: &Report) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    write(&mut writer, report).expect("writing to memory cannot fail");
    let bytes = writer.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8(bytes).expect("the csv crate writes the UTF-8 it is given")
}

/// The column added after [`HEADER`] when the audit was given a Terraform
/// state (`--terraform-state`): `file:line address`, `address`, `not
/// managed by Terraform`, `not known`, or empty for the account itself.
pub const TERRAFORM: &str = "terraform";

fn write(w: &mut ::csv::Writer<Vec<u8>>, report: &Report) -> ::csv::Result<()> {
    // Without a state the columns are as they always were.
    let terraform = report.findings.iter().any(|f| f.terraform.is_some());
    let mut header: Vec<&str> = HEADER.to_vec();
    if terraform {
        header.push(TERRAFORM);
    }
    w.write_record(&header)?;
    for f in &report.findings {
        let mut record: Vec<String> = row(f).map(guard).into();
        if terraform {
            let place = match &f.terraform {
                Some(t) => t.label().unwrap_or_else(|| "not known".to_string()),
                None => String::new(),
            };
            record.push(guard(place));
        }
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

fn row(f: &Finding) -> [String; 12] {
    let meta = crate::checks::meta(&f.check);
    [
        f.id.clone(),
        f.check.clone(),
        meta.map(|m| m.title.clone()).unwrap_or_default(),
        f.severity.to_string(),
        f.tier.to_string(),
        f.status.to_string(),
        f.account.clone(),
        f.region.clone(),
        f.resource.clone(),
        f.message.clone(),
        meta.map(|m| m.remediation.summary.trim().to_string())
            .unwrap_or_default(),
        controls(f),
    ]
}

/// `soc2:CC6.1 CC6.6; iso27001:A.8.20`: the frameworks in posture's order,
/// by their JSON keys. No control id holds a space, `:` or `;` (a test of
/// the catalog says so), so a reader can split the cell back.
fn controls(f: &Finding) -> String {
    Framework::ALL
        .iter()
        .filter_map(|framework| {
            let ids = f.controls.get(framework).filter(|ids| !ids.is_empty())?;
            Some(format!("{}:{}", framework.key(), ids.join(" ")))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// CSV injection: a spreadsheet runs a cell that starts with `=`, `+`, `-`,
/// `@`, tab or carriage return as a formula (OWASP, "CSV Injection"; ASVS 5.0
/// 1.2.10 adds NUL). OWASP's defence is a leading single quote, which
/// spreadsheets read as "this cell is text". A cell that already starts with
/// a quote gets one too, so the rule undoes exactly: a program reading the
/// file drops one leading `'` from any cell that has one, and has the data.
fn guard(cell: String) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\0' | '\'') => format!("'{cell}"),
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use crate::report::testing::fixture;

    fn read(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let header = reader
            .headers()
            .expect("a header")
            .iter()
            .map(String::from)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                r.expect("a well-formed record")
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect();
        (header, rows)
    }

    fn unguard(cell: &str) -> &str {
        cell.strip_prefix('\'').unwrap_or(cell)
    }

    #[test]
    fn startup_has_the_header_and_a_row_per_finding() {
        let report = fixture("startup");
        let text = render(&report);
        assert!(text.starts_with(&format!("{}\r\n", HEADER.join(","))));
        let (header, rows) = read(&text);
        assert_eq!(header, HEADER);
        assert_eq!(rows.len(), report.findings.len());
        for (row, f) in rows.iter().zip(&report.findings) {
            let meta = crate::checks::meta(&f.check).unwrap();
            let cells: Vec<&str> = row.iter().map(|c| unguard(c)).collect();
            assert_eq!(
                cells[..10],
                [
                    f.id.as_str(),
                    &f.check,
                    &meta.title,
                    f.severity.as_str(),
                    &f.tier.to_string(),
                    &f.status.to_string(),
                    &f.account,
                    &f.region,
                    &f.resource,
                    &f.message,
                ]
            );
            assert_eq!(cells[10], meta.remediation.summary.trim());
        }
    }

    #[test]
    fn controls_list_each_framework_in_posture_order() {
        let report = fixture("startup");
        let (_, rows) = read(&render(&report));
        let (row, f) = rows
            .iter()
            .zip(&report.findings)
            .find(|(_, f)| f.check == "alb-access-logs")
            .expect("startup has an ALB");
        assert_eq!(f.status, Status::Fail);
        // checks/alb-access-logs.toml: soc2 CC7.2, iso27001 A.8.15, fsbp ELB.5.
        assert_eq!(row[11], "soc2:CC7.2; iso27001:A.8.15; fsbp:ELB.5");
        // Split back, the cell gives the finding's controls.
        for part in row[11].split("; ") {
            let (key, ids) = part.split_once(':').unwrap();
            let framework = Framework::ALL
                .into_iter()
                .find(|fw| fw.key() == key)
                .unwrap();
            assert_eq!(ids.split(' ').collect::<Vec<_>>(), f.controls[&framework]);
        }
    }

    #[test]
    fn no_control_id_holds_a_separator() {
        let mut ids = 0;
        for meta in crate::checks::metas() {
            for framework in Framework::ALL {
                for id in meta.frameworks.controls(framework) {
                    ids += 1;
                    assert!(
                        !id.is_empty() && !id.contains([' ', ':', ';']),
                        "{}: {id:?}",
                        meta.id
                    );
                }
            }
        }
        assert!(ids > 100, "{ids} control ids");
    }

    #[test]
    fn formula_cells_are_neutralised_and_restorable() {
        let mut report = fixture("startup");
        let hostile = [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1",
            "\r=1",
            "\0=1",
            "'=1",
            "a=b stays",
        ];
        for (f, message) in report.findings.iter_mut().zip(hostile) {
            f.message = message.to_string();
            f.resource = message.to_string();
        }
        let (_, rows) = read(&render(&report));
        for (row, message) in rows.iter().zip(hostile) {
            for cell in [&row[8], &row[9]] {
                assert_eq!(unguard(cell), message);
                if message != "a=b stays" {
                    assert!(cell.starts_with('\''), "{cell:?}");
                }
            }
        }
        assert_eq!(rows[8][9], "a=b stays");
        // No cell of the whole file opens as a formula.
        for cell in rows.iter().flatten() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn hostile_strings_read_back_as_written() {
        let mut report = fixture("startup");
        let hostile = "<script>&\"'</script>, \"quoted\"\nline two\r\nthree \x07 \u{1F512}";
        report.findings[0].message = hostile.into();
        report.findings[0].resource = hostile.into();
        let (_, rows) = read(&render(&report));
        assert_eq!(rows.len(), report.findings.len());
        assert_eq!(rows[0][9], hostile);
        assert_eq!(rows[0][8], hostile);
        assert_eq!(rows[0].len(), HEADER.len());
    }

    #[test]
    fn an_empty_report_is_the_header_alone() {
        let mut report = fixture("hardened");
        report.findings.clear();
        report.accounts.clear();
        assert_eq!(render(&report), format!("{}\r\n", HEADER.join(",")));
    }

    #[test]
    fn empty_fields_and_unknown_checks_give_empty_cells() {
        let mut report = fixture("hardened");
        report.findings.truncate(1);
        let f = &mut report.findings[0];
        f.check = "no-such-check".into();
        f.id.clear();
        f.message.clear();
        f.controls.clear();
        let (_, rows) = read(&render(&report));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][0], "");
        assert_eq!(rows[0][2], "", "no title for a check not in the catalog");
        assert_eq!(rows[0][10], "");
        assert_eq!(rows[0][11], "");
    }
}
