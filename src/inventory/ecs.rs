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
}
