use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EcsCluster {
    pub arn: String,
    pub name: String,
    /// The `containerInsights` setting; `None` when the cluster does not list
    /// it (AWS's default: disabled).
    pub container_insights: Option<ContainerInsights>,
    pub services: Option<Vec<EcsService>>,
}

crate::closed_set! {
    /// A cluster's `containerInsights` setting.
    pub enum ContainerInsights {
        /// Cluster- and service-level metrics.
        Enabled = "enabled",
        /// Enabled, with task- and container-level metrics as well.
        Enhanced = "enhanced",
        Disabled = "disabled",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EcsService {
    pub arn: String,
    pub name: String,
    pub task_definition: String,
    /// awsvpc network configuration; `None` for bridge/host networking.
    pub network: Option<ServiceNetwork>,
    /// Target groups the service registers with.
    pub target_groups: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceNetwork {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub assign_public_ip: bool,
}

/// A task definition a service runs. Environment variables are kept by name
/// only: their values may be secrets, and posture stores none.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskDefinition {
    pub arn: String,
    pub family: String,
    pub revision: i32,
    pub execution_role: Option<String>,
    pub task_role: Option<String>,
    pub containers: Vec<Container>,
}

impl TaskDefinition {
    pub fn label(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub user: Option<String>,
    pub essential: bool,
    pub health_check: bool,
    /// Names of plain `environment` variables (never their values).
    pub environment: Vec<String>,
    /// Names of variables injected from Secrets Manager or SSM (`secrets`).
    pub secrets: Vec<String>,
    /// Where the container's output goes (`logConfiguration`); `None` in a
    /// snapshot recorded before posture read it.
    #[serde(default)]
    pub logging: Option<ContainerLogging>,
}

/// A container definition's `logConfiguration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContainerLogging {
    /// No `logConfiguration`, or one without a `logDriver`: the output is
    /// kept nowhere ECS can show (Fargate) or only on the host.
    None,
    /// The log driver the output goes to.
    Driver(LogDriver),
}

crate::closed_set! {
    /// A container's log driver, as ECS names it.
    pub enum LogDriver {
        /// CloudWatch Logs.
        Awslogs = "awslogs",
        /// FireLens: a Fluent Bit or Fluentd router container of the task.
        Awsfirelens = "awsfirelens",
        Splunk = "splunk",
        Fluentd = "fluentd",
        Gelf = "gelf",
        JsonFile = "json-file",
        Journald = "journald",
        Syslog = "syslog",
    }
}
