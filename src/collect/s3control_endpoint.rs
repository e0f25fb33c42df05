//! S3 Control puts the account id in front of the endpoint's host name
//! (`111111111111.127.0.0.1`). Against an emulator that name does not resolve,
//! so when an endpoint URL is set this resolver drops the account prefix.

use aws_sdk_s3control::config::endpoint::{
    DefaultResolver, Endpoint, EndpointFuture, Params, ResolveEndpoint,
};

#[derive(Debug, Default)]
pub struct WithoutAccountPrefix {
    inner: DefaultResolver,
}

impl ResolveEndpoint for WithoutAccountPrefix {
    fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
        EndpointFuture::new(async move {
            let endpoint = self.inner.resolve_endpoint(params).await?;
            let Some(account) = params.account_id() else {
                return Ok(endpoint);
            };
            let url = strip_account(endpoint.url(), account);
            Ok(Endpoint::into_builder(endpoint).url(url).build())
        })
    }
}

fn strip_account(url: &str, account: &str) -> String {
    let prefix = format!("{account}.");
    match url.split_once("://") {
        Some((scheme, rest)) if rest.starts_with(&prefix) => {
            format!("{scheme}://{}", &rest[prefix.len()..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::strip_account;

    #[test]
    fn drops_only_the_account_label() {
        assert_eq!(
            strip_account("http://111111111111.127.0.0.1:5000", "111111111111"),
            "http://127.0.0.1:5000"
        );
        assert_eq!(
            strip_account("http://127.0.0.1:5000", "111111111111"),
            "http://127.0.0.1:5000"
        );
        assert_eq!(
            strip_account("https://222.s3-control.x", "111"),
            "https://222.s3-control.x"
        );
    }
}
