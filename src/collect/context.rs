//! One bounded limit for every AWS call of an audit, the meter that counts
//! them, and the gap list: a failed call is recorded, never propagated.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};

use super::meter::Meter;
use crate::inventory::{Gap, KmsKey};
use crate::progress::Progress;

/// Account, region and service: what one cap of [`service_cap`] covers.
type CapKey = (String, String, &'static str);

#[derive(Debug)]
pub struct Context {
    limit: Arc<Semaphore>,
    /// `--concurrency`: also how many of a list's futures are alive at once.
    width: usize,
    /// `--timeout`: when it passes, and how long it was.
    deadline: std::sync::OnceLock<(tokio::time::Instant, std::time::Duration)>,
    /// The per-service caps of [`service_cap`], one per account, region and service.
    caps: Mutex<HashMap<CapKey, Arc<Semaphore>>>,
    meter: Meter,
    gaps: Mutex<Vec<Gap>>,
    progress: Progress,
    /// The KMS keys described so far, by account, region and the reference
    /// a resource named: secrets, repositories and buckets that share a key
    /// cost one DescribeKey.
    pub kms_keys: Memo<KmsKey>,
}

/// Values each read once however many ask for them at once: the first
/// asker runs the call, the others wait for its answer.
#[derive(Debug)]
pub struct Memo<V> {
    cells: Mutex<HashMap<String, Arc<OnceCell<V>>>>,
}

impl<V: Clone> Memo<V> {
    fn new() -> Self {
        Memo {
            cells: Mutex::new(HashMap::new()),
        }
    }

    pub async fn get_or_init<F: Future<Output = V>>(&self, key: String, read: F) -> V {
        let cell = {
            let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(cells.entry(key).or_default())
        };
        cell.get_or_init(|| read).await.clone()
    }
}

impl Context {
    pub fn new(concurrency: usize, progress: Progress) -> Arc<Self> {
        Arc::new(Context {
            limit: Arc::new(Semaphore::new(concurrency.max(1))),
            width: concurrency.max(1),
            deadline: std::sync::OnceLock::new(),
            caps: Mutex::new(HashMap::new()),
            meter: Meter::default(),
            gaps: Mutex::new(Vec::new()),
            progress,
            kms_keys: Memo::new(),
        })
    }

    /// From now on, every call ends by `timeout` from now: one not answered
    /// by then (or still waiting for its turn) fails as a gap, so that the
    /// audit reports what it collected instead of hanging.
    pub fn set_deadline(&self, timeout: std::time::Duration) {
        let _ = self
            .deadline
            .set((tokio::time::Instant::now() + timeout, timeout));
    }

    /// Every future of `work`, in order, with at most `--concurrency` of them
    /// alive at once. An SDK call's future is tens of kilobytes; made all at
    /// once for hundreds of users or buckets (as `join_all` does), they were
    /// most of an audit's memory. Calls stay bounded by the limit either way.
    pub async fn each<T, F>(&self, work: impl IntoIterator<Item = F>) -> Vec<T>
    where
        F: Future<Output = T>,
    {
        use futures::StreamExt;
        futures::stream::iter(work)
            .buffered(self.width)
            .collect()
            .await
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// `work`, counted on the progress display as one service collected.
    pub async fn track<T>(&self, work: impl Future<Output = T>) -> T {
        let out = work.await;
        self.progress.done(self.meter.calls());
        out
    }

    /// Every client's calls by service and operation, retries included.
    pub fn meter(&self) -> Meter {
        self.meter.clone()
    }

    pub fn take_gaps(&self) -> Vec<Gap> {
        let mut gaps = std::mem::take(&mut *self.gaps.lock().unwrap_or_else(|e| e.into_inner()));
        gaps.sort();
        gaps
    }

    pub fn scope(
        self: &Arc<Self>,
        account: &str,
        partition: &str,
        region: &str,
        service: &'static str,
    ) -> Scope {
        Scope {
            ctx: Arc::clone(self),
            account: account.to_string(),
            partition: partition.to_string(),
            region: region.to_string(),
            service,
        }
    }
}

/// The most calls in flight at once to one service of one account in one
/// region, for the services whose request rate AWS keeps low: a cap under
/// their throttling avoids the throttling rather than retrying after it
/// (the SDK's retries, with backoff, handle what throttling comes anyway).
/// Organizations documents a low rate for its API; IAM's and STS's rates are
/// account-wide and unpublished. At 10 in flight and 50 ms a call, IAM sees
/// at most 200 calls a second; the benchmark's latency mode (README) shows
/// what the cap costs. The rest share the audit's `--concurrency` alone.
pub fn service_cap(service: &str) -> Option<usize> {
    match service {
        "organizations" => Some(2),
        "iam" | "sts" => Some(10),
        // CloudTrail's and GuardDuty's control planes: a handful of calls per second.
        "cloudtrail" | "guardduty" => Some(4),
        _ => None,
    }
}

/// A call's right to run: the service's cap (when it has one), then a place
/// under the audit's limit. Waiting for the cap holds no place of the limit.
pub struct Permit {
    _cap: Option<OwnedSemaphorePermit>,
    _limit: Option<OwnedSemaphorePermit>,
}

/// Where calls go: one service of one account in one region (`global` for IAM, S3).
#[derive(Debug, Clone)]
pub struct Scope {
    ctx: Arc<Context>,
    pub account: String,
    /// `aws`, `aws-cn`, `aws-us-gov`: the first part of every ARN built here.
    pub partition: String,
    pub region: String,
    pub service: &'static str,
}

impl Scope {
    /// The ARN of a resource AWS listed without one, in this scope's
    /// partition, region and account: `arn:aws:logs:us-east-1:1…:log-group:x`.
    pub fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{resource}",
            self.partition, self.region, self.account
        )
    }
}

/// The error code of a call that `--timeout` cut short.
pub const TIMED_OUT: &str = "PostureTimeout";

/// What a failed call left behind: the AWS error code when there is one.
pub struct CallError {
    pub code: Option<String>,
    pub text: String,
}

/// An error and its causes, each said once: "dispatch failure: io error: …:
/// Connection refused (os error 111)", without the Debug dump.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    super::redact::scrub(parts.join(": "))
}

fn describe<E, R>(err: &SdkError<E, R>) -> CallError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + 'static,
{
    match err.code() {
        Some(code) => CallError {
            code: Some(code.to_string()),
            text: super::redact::scrub(match err.message() {
                Some(message) if !message.is_empty() => format!("{code}: {message}"),
                _ => code.to_string(),
            }),
        },
        None => CallError {
            code: None,
            text: error_chain(err),
        },
    }
}

impl Scope {
    /// The audit's meter, for each client this scope's calls go through.
    pub fn meter(&self) -> Meter {
        self.ctx.meter()
    }

    /// The audit's shared state, for what is read once per audit.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// [`Context::each`]: the futures of a list, a bounded number at a time.
    pub async fn each<T, F>(&self, work: impl IntoIterator<Item = F>) -> Vec<T>
    where
        F: Future<Output = T>,
    {
        self.ctx.each(work).await
    }

    /// Wait for the right to make one call of this scope.
    pub async fn permit(&self) -> Permit {
        let cap = service_cap(self.service).map(|n| {
            let key = (self.account.clone(), self.region.clone(), self.service);
            let mut caps = self.ctx.caps.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(
                caps.entry(key)
                    .or_insert_with(|| Arc::new(Semaphore::new(n))),
            )
        });
        let cap = match cap {
            Some(cap) => cap.acquire_owned().await.ok(),
            None => None,
        };
        Permit {
            _cap: cap,
            _limit: Arc::clone(&self.ctx.limit).acquire_owned().await.ok(),
        }
    }

    /// Run one call under the limits, and say what failed without recording it.
    pub async fn attempt<T, E, R, F>(&self, call: F) -> Result<T, CallError>
    where
        F: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + 'static,
    {
        let run = async {
            let _permit = self.permit().await;
            call.await.map_err(|err| describe(&err))
        };
        match self.ctx.deadline.get() {
            None => run.await,
            Some(&(at, timeout)) => match tokio::time::timeout_at(at, run).await {
                Ok(result) => result,
                Err(_) => Err(CallError {
                    code: Some(TIMED_OUT.into()),
                    text: format!(
                        "{TIMED_OUT}: not answered within the audit's --timeout of {}",
                        humantime::format_duration(timeout)
                    ),
                }),
            },
        }
    }

    pub fn with_service(&self, service: &'static str) -> Scope {
        Scope {
            service,
            ..self.clone()
        }
    }

    /// Run one call under the limit; on failure record a gap and return `None`.
    pub async fn call<T, E, R, F>(
        &self,
        operation: &str,
        resource: Option<&str>,
        call: F,
    ) -> Option<T>
    where
        F: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + 'static,
    {
        match self.call_absent(operation, resource, &[], call).await {
            Some(Some(value)) => Some(value),
            _ => None,
        }
    }

    /// Like [`Scope::call`], but the error codes in `absent` mean "not configured":
    /// `Some(None)`, no gap. AWS reports a missing bucket policy that way, for instance.
    pub async fn call_absent<T, E, R, F>(
        &self,
        operation: &str,
        resource: Option<&str>,
        absent: &[&str],
        call: F,
    ) -> Option<Option<T>>
    where
        F: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + 'static,
    {
        match self.attempt(call).await {
            Ok(value) => Some(Some(value)),
            Err(err) => {
                if err.code.as_deref().is_some_and(|c| absent.contains(&c)) {
                    return Some(None);
                }
                self.gap(operation, resource, err.text);
                None
            }
        }
    }

    /// A paginated listing: every page, or `None` (and a gap) if any page failed.
    pub async fn pages<T, E, R, F>(
        &self,
        operation: &str,
        resource: Option<&str>,
        pages: F,
    ) -> Option<Vec<T>>
    where
        F: Future<Output = Result<Vec<T>, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + 'static,
    {
        match self.attempt(pages).await {
            Ok(pages) => Some(pages),
            Err(err) => {
                self.gap(operation, resource, err.text);
                None
            }
        }
    }

    pub fn gap(&self, operation: &str, resource: Option<&str>, error: String) {
        if self.ctx.progress.is_live() {
            self.ctx.progress.println(&format!(
                "posture: gap: {} {} {} {}: {}",
                self.account, self.region, self.service, operation, error
            ));
        }
        let gap = Gap {
            account: self.account.clone(),
            region: self.region.clone(),
            service: self.service.to_string(),
            operation: operation.to_string(),
            resource: resource.map(str::to_string),
            error,
        };
        self.ctx
            .gaps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(gap);
    }
}

#[cfg(test)]
mod arn_tests {
    use super::Context;

    /// Regression: ARNs built for resources AWS listed without one said `aws`
    /// in every partition.
    #[test]
    fn built_arns_carry_the_partition() {
        let ctx = Context::new(1, crate::progress::Progress::new(false));
        let scope = ctx.scope("111111111111", "aws-us-gov", "us-gov-west-1", "logs");
        assert_eq!(
            scope.arn("logs", "log-group:app"),
            "arn:aws-us-gov:logs:us-gov-west-1:111111111111:log-group:app"
        );
    }
}

#[cfg(test)]
mod memo_tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::Memo;

    #[tokio::test]
    async fn each_key_is_read_once_however_many_ask_at_once() {
        let memo: Memo<String> = Memo::new();
        let reads = AtomicUsize::new(0);
        let read = |value: &'static str| {
            let reads = &reads;
            async move {
                reads.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                value.to_string()
            }
        };
        let (a, b, c) = tokio::join!(
            memo.get_or_init("key-1".into(), read("first")),
            memo.get_or_init("key-1".into(), read("second")),
            memo.get_or_init("key-2".into(), read("other")),
        );
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str()),
            ("first", "first", "other")
        );
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }
}
