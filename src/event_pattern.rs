//! EventBridge event patterns, read for one question: does a rule's pattern
//! match *every* GuardDuty finding of high or critical severity that
//! GuardDuty sends to the default event bus of one account and region?
//!
//! Those events have `source` `aws.guardduty`, `detail-type` `GuardDuty
//! Finding`, the account and region of the bus, and a number
//! `detail.severity` in 7.0–8.9 (High) or 9.0–10.0 (Critical); the rest of a
//! finding (its type, resource, service details) varies from one finding to
//! the next. A pattern is AWS's: fields are ANDed, the values of one field
//! are ORed, `$or` ORs whole sub-patterns, and a value is an exact value or
//! one of the comparison operators (`prefix`, `suffix`, `equals-ignore-case`,
//! `wildcard`, `anything-but`, `numeric`, `exists`, `cidr`).
//!
//! The answer is [`Verdict::Matches`] only when it follows from what every
//! such finding is known to carry; [`Verdict::Misses`] when some finding of
//! a severity GuardDuty gives (one decimal, 7.0 to 10.0) is certainly left
//! out; anything posture cannot decide (an operator it does not know, a
//! field whose values it does not model, exact severities that cover each
//! one-decimal value but not the numbers between) is [`Verdict::Unknown`],
//! never a match by guess.

use serde_json::{Map, Value};

/// Whether a pattern matches every high and critical GuardDuty finding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    Matches,
    /// Some such finding is not matched: one of severity `severity` at least.
    Misses {
        severity: f64,
    },
    Unknown,
}

/// What a pattern can be matched against: the bus's account and region.
#[derive(Debug, Clone, Copy)]
pub struct Bus<'a> {
    pub account: &'a str,
    pub region: &'a str,
}

/// The severities judged: GuardDuty's High and Critical bands.
const LOWEST: f64 = 7.0;
const HIGHEST: f64 = 10.0;
/// More distinct severity bounds than this in one pattern: `unknown`
/// (AWS limits a pattern's size; this bounds the work on a hostile snapshot).
const MAX_POINTS: usize = 2_000;

/// Judge a rule's `EventPattern` (its JSON text).
pub fn high_guardduty_findings(pattern: &str, bus: Bus<'_>) -> Verdict {
    let Ok(Value::Object(pattern)) = serde_json::from_str::<Value>(pattern) else {
        return Verdict::Unknown;
    };
    let Some(points) = points(&pattern) else {
        return Verdict::Unknown;
    };
    let mut verdict = Verdict::Matches;
    for point in points {
        let cover = object(&pattern, &mut Vec::new(), bus, point.severity);
        match cover {
            Cover::Yes => {}
            Cover::Partial | Cover::None if point.real => {
                return Verdict::Misses {
                    severity: point.severity,
                };
            }
            _ => verdict = Verdict::Unknown,
        }
    }
    verdict
}

/// How far a (sub-)pattern covers the findings of one severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cover {
    /// It matches none of them.
    None,
    /// It misses some of them (and may match others).
    Partial,
    /// Posture cannot tell.
    Unknown,
    /// It matches all of them.
    Yes,
}

/// All of several conditions: each must cover every finding. A condition
/// that matches none, or misses some, decides it; then an undecided one.
fn and(a: Cover, b: Cover) -> Cover {
    a.min(b)
}

/// Any of several conditions. One that covers all decides it; otherwise the
/// union is known only when at most one alternative matches anything at
/// all (two partial alternatives may together cover everything).
fn or(covers: impl IntoIterator<Item = Cover>) -> Cover {
    let (mut partial, mut unknown, mut any) = (0, 0, false);
    for c in covers {
        any = true;
        match c {
            Cover::Yes => return Cover::Yes,
            Cover::Partial => partial += 1,
            Cover::Unknown => unknown += 1,
            Cover::None => {}
        }
    }
    match (any, unknown, partial) {
        (false, _, _) => Cover::Unknown,
        (true, 0, 0) => Cover::None,
        (true, 0, 1) => Cover::Partial,
        _ => Cover::Unknown,
    }
}

/// A severity the pattern is evaluated at; `real` when GuardDuty gives it
/// (one decimal, 7.0 to 10.0), else a number between bounds of the pattern
/// that only a finer severity could take.
struct Point {
    severity: f64,
    real: bool,
}

/// Every one-decimal severity of the bands, and around every number the
/// pattern names within them: each condition on `detail.severity` is
/// constant between two consecutive points, so these decide all of them.
fn points(pattern: &Map<String, Value>) -> Option<Vec<Point>> {
    let mut bounds: Vec<f64> = (70..=100).map(|tenths| f64::from(tenths) / 10.0).collect();
    pattern
        .values()
        .for_each(|value| collect_numbers(value, &mut bounds));
    if bounds.len() > MAX_POINTS {
        return None;
    }
    bounds.retain(|b| (LOWEST..=HIGHEST).contains(b));
    bounds.sort_by(f64::total_cmp);
    bounds.dedup();
    let mut points = Vec::with_capacity(bounds.len() * 2);
    for (i, &b) in bounds.iter().enumerate() {
        points.push(Point {
            severity: b,
            real: is_tenth(b),
        });
        if let Some(&next) = bounds.get(i + 1) {
            points.push(Point {
                severity: (b + next) / 2.0,
                real: false,
            });
        }
    }
    Some(points)
}

fn is_tenth(x: f64) -> bool {
    let tenths = x * 10.0;
    (tenths - tenths.round()).abs() < 1e-9
}

/// Every finite number anywhere in a pattern (bounds of `numeric`, exact
/// values, `anything-but` values), at most one more than [`MAX_POINTS`].
fn collect_numbers(value: &Value, into: &mut Vec<f64>) {
    if into.len() > MAX_POINTS {
        return;
    }
    match value {
        Value::Number(n) => {
            if let Some(x) = n.as_f64().filter(|x| x.is_finite()) {
                into.push(x);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_numbers(v, into)),
        Value::Object(fields) => fields.values().for_each(|v| collect_numbers(v, into)),
        _ => {}
    }
}

/// A pattern object at `path`: its fields ANDed, `$or` alternatives ORed.
fn object(pattern: &Map<String, Value>, path: &mut Vec<String>, bus: Bus<'_>, at: f64) -> Cover {
    if pattern.is_empty() {
        return Cover::Unknown;
    }
    let mut cover = Cover::Yes;
    for (key, value) in pattern {
        let c = if key == "$or" {
            match value {
                Value::Array(alternatives) if !alternatives.is_empty() => {
                    or(alternatives.iter().map(|alternative| match alternative {
                        Value::Object(sub) => object(sub, path, bus, at),
                        _ => Cover::Unknown,
                    }))
                }
                _ => Cover::Unknown,
            }
        } else {
            path.push(key.clone());
            let c = match value {
                Value::Object(nested) => object(nested, path, bus, at),
                Value::Array(values) if !values.is_empty() => field(path, values, bus, at),
                _ => Cover::Unknown,
            };
            path.pop();
            c
        };
        cover = and(cover, c);
        if cover == Cover::None {
            break;
        }
    }
    cover
}

/// What posture knows of one field of these findings.
enum Field<'a> {
    /// The same string in every one of them.
    Fixed(&'a str),
    /// `detail.severity`.
    Severity,
    /// A string every finding has, with values that differ between findings.
    Varying,
    /// A string every finding has, whose value posture does not model.
    Present,
    /// Anything else: a field some findings may lack, or an object.
    Unmodelled,
}

fn classify<'a>(path: &[String], bus: Bus<'a>) -> Field<'a> {
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    match path.as_slice() {
        ["source"] => Field::Fixed("aws.guardduty"),
        ["detail-type"] => Field::Fixed("GuardDuty Finding"),
        ["account"] => Field::Fixed(bus.account),
        ["region"] => Field::Fixed(bus.region),
        ["detail", "severity"] => Field::Severity,
        ["id" | "time"]
        | [
            "detail",
            "id" | "arn" | "type" | "title" | "description" | "createdAt" | "updatedAt",
        ] => Field::Varying,
        ["version"]
        | [
            "detail",
            "schemaVersion" | "accountId" | "region" | "partition",
        ] => Field::Present,
        _ => Field::Unmodelled,
    }
}

/// One field's list of values and operators (ORed).
fn field(path: &[String], values: &[Value], bus: Bus<'_>, at: f64) -> Cover {
    match classify(path, bus) {
        Field::Fixed(actual) => or(values.iter().map(|v| fixed(v, actual))),
        Field::Severity => or(values.iter().map(|v| severity(v, at))),
        Field::Varying => varying(values),
        Field::Present => {
            let exists: Vec<Option<bool>> = values.iter().map(exists).collect();
            if exists.contains(&Some(true)) {
                Cover::Yes
            } else if exists.iter().all(|e| *e == Some(false)) {
                Cover::None
            } else {
                Cover::Unknown
            }
        }
        Field::Unmodelled => Cover::Unknown,
    }
}

/// `{"exists": b}`, else `None`.
fn exists(value: &Value) -> Option<bool> {
    match operator(value) {
        Some(("exists", Value::Bool(b))) => Some(*b),
        _ => None,
    }
}

/// An operator object's one key and its argument.
fn operator(value: &Value) -> Option<(&str, &Value)> {
    match value {
        Value::Object(op) if op.len() == 1 => op.iter().next().map(|(k, v)| (k.as_str(), v)),
        _ => None,
    }
}

/// A field whose string differs between findings (their type, id, title):
/// a condition every string meets covers them all; a finite list of exact
/// values, or one narrower condition, misses some; several narrower
/// conditions together might not, so posture does not decide them.
fn varying(values: &[Value]) -> Cover {
    let mut narrow = 0;
    let mut exact_only = true;
    for value in values {
        match value {
            Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => {}
            _ => match operator(value) {
                Some(("exists", Value::Bool(true))) => return Cover::Yes,
                Some(("exists", Value::Bool(false))) => {}
                Some(("prefix" | "suffix", Value::String(s))) if s.is_empty() => {
                    return Cover::Yes;
                }
                Some(("wildcard", Value::String(w)))
                    if !w.is_empty() && w.chars().all(|c| c == '*') =>
                {
                    return Cover::Yes;
                }
                Some(("prefix" | "suffix" | "wildcard" | "equals-ignore-case", _)) => {
                    narrow += 1;
                    exact_only = false;
                }
                Some(("numeric" | "cidr", _)) => {}
                _ => return Cover::Unknown,
            },
        }
    }
    if exact_only || narrow <= 1 {
        Cover::Partial
    } else {
        Cover::Unknown
    }
}

/// One value or operator against a field every finding has as `actual`.
fn fixed(value: &Value, actual: &str) -> Cover {
    let yes = |b: bool| if b { Cover::Yes } else { Cover::None };
    match value {
        Value::String(s) => return yes(s == actual),
        Value::Number(_) | Value::Bool(_) | Value::Null => return Cover::None,
        _ => {}
    }
    let Some((op, arg)) = operator(value) else {
        return Cover::Unknown;
    };
    match op {
        "exists" => match arg {
            Value::Bool(b) => yes(*b),
            _ => Cover::Unknown,
        },
        // Numbers and addresses: never a string field's value.
        "numeric" | "cidr" => Cover::None,
        "anything-but" => match string_test(arg, actual) {
            Some(any_equal) => yes(!any_equal),
            None => match arg {
                Value::Object(_) => match string_operator(arg, actual) {
                    Some(hit) => yes(!hit),
                    None => Cover::Unknown,
                },
                _ => Cover::Unknown,
            },
        },
        _ => match string_operator(value, actual) {
            Some(hit) => yes(hit),
            None => Cover::Unknown,
        },
    }
}

/// `anything-but`'s plain argument: a string, a number, or a list of them:
/// whether one of them equals `actual`; `None` for anything else.
fn string_test(arg: &Value, actual: &str) -> Option<bool> {
    match arg {
        Value::String(s) => Some(s == actual),
        Value::Number(_) => Some(false),
        Value::Array(items) if !items.is_empty() => {
            let mut hit = false;
            for item in items {
                match item {
                    Value::String(s) => hit |= s == actual,
                    Value::Number(_) => {}
                    _ => return None,
                }
            }
            Some(hit)
        }
        _ => None,
    }
}

/// `prefix`, `suffix`, `equals-ignore-case`, `wildcard` (and `prefix` /
/// `suffix` with `equals-ignore-case` inside): whether `actual` meets it;
/// `None` when posture does not know the form.
fn string_operator(value: &Value, actual: &str) -> Option<bool> {
    let (op, arg) = operator(value)?;
    match (op, arg) {
        ("prefix", Value::String(p)) => Some(actual.starts_with(p.as_str())),
        ("suffix", Value::String(s)) => Some(actual.ends_with(s.as_str())),
        ("prefix" | "suffix", Value::Object(_)) => {
            let folded = ignoring_case(arg)?;
            let actual = actual.to_ascii_lowercase();
            Some(if op == "prefix" {
                actual.starts_with(&folded)
            } else {
                actual.ends_with(&folded)
            })
        }
        ("equals-ignore-case", Value::String(_)) => {
            Some(ignoring_case(value)? == actual.to_ascii_lowercase())
        }
        ("equals-ignore-case", Value::Array(items)) if !items.is_empty() => {
            let mut hit = false;
            for item in items {
                let folded = ignoring_case(&serde_json::json!({ "equals-ignore-case": item }))?;
                hit |= folded == actual.to_ascii_lowercase();
            }
            Some(hit)
        }
        ("wildcard", Value::String(w)) => wildcard(w, actual),
        _ => None,
    }
}

/// `{"equals-ignore-case": "text"}`'s text, lower-cased; `None` for another
/// form, or for text beyond ASCII, whose case folding posture does not model.
fn ignoring_case(value: &Value) -> Option<String> {
    match operator(value)? {
        ("equals-ignore-case", Value::String(s)) if s.is_ascii() => Some(s.to_ascii_lowercase()),
        _ => None,
    }
}

/// EventBridge's wildcard: `*` any run of characters, `\*` a star, `\\` a
/// backslash; `None` for another escape (AWS rejects it).
fn wildcard(pattern: &str, text: &str) -> Option<bool> {
    enum Token {
        Any,
        Char(char),
    }
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '*' => Token::Any,
            '\\' => match chars.next() {
                Some(e @ ('*' | '\\')) => Token::Char(e),
                _ => return None,
            },
            c => Token::Char(c),
        });
    }
    let text: Vec<char> = text.chars().collect();
    // Classic two-pointer glob match with backtracking to the last star.
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(Token::Char(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            Some(Token::Any) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return Some(false),
            },
        }
    }
    Some(tokens[p..].iter().all(|t| matches!(t, Token::Any)))
}

/// One value or operator against `detail.severity` = `at`. An exact number
/// equal to it is undecided: AWS documents numeric comparison only for the
/// `numeric` operator, and GuardDuty's own examples list both `8` and `8.0`.
fn severity(value: &Value, at: f64) -> Cover {
    match value {
        Value::Number(n) => {
            return match n.as_f64() {
                Some(x) if x == at => Cover::Unknown,
                Some(_) => Cover::None,
                None => Cover::Unknown,
            };
        }
        Value::String(_) | Value::Bool(_) | Value::Null => return Cover::None,
        _ => {}
    }
    let Some((op, arg)) = operator(value) else {
        return Cover::Unknown;
    };
    match (op, arg) {
        ("exists", Value::Bool(true)) => Cover::Yes,
        ("exists", Value::Bool(false)) => Cover::None,
        ("numeric", Value::Array(terms)) => match numeric(terms, at) {
            Some(true) => Cover::Yes,
            Some(false) => Cover::None,
            None => Cover::Unknown,
        },
        ("anything-but", arg) => {
            let numbers: Vec<&Value> = match arg {
                Value::Array(items) if !items.is_empty() => items.iter().collect(),
                Value::Number(_) => vec![arg],
                _ => return Cover::Unknown,
            };
            let mut cover = Cover::Yes;
            for n in numbers {
                match n.as_f64() {
                    Some(x) if x == at => cover = Cover::Unknown,
                    Some(_) => {}
                    None => return Cover::Unknown,
                }
            }
            cover
        }
        // String operators: never a number's match.
        ("prefix" | "suffix" | "equals-ignore-case" | "wildcard" | "cidr", _) => Cover::None,
        _ => Cover::Unknown,
    }
}

/// `["<", 9, ">=", 7]`: every comparison holds; `None` when malformed.
fn numeric(terms: &[Value], at: f64) -> Option<bool> {
    if terms.is_empty() || !terms.len().is_multiple_of(2) || terms.len() > 4 {
        return None;
    }
    let mut holds = true;
    for pair in terms.chunks(2) {
        let bound = pair[1].as_f64()?;
        holds &= match pair[0].as_str()? {
            "<" => at < bound,
            "<=" => at <= bound,
            "=" => at == bound,
            ">" => at > bound,
            ">=" => at >= bound,
            _ => return None,
        };
    }
    Some(holds)
}

#[cfg(test)]
mod tests;
