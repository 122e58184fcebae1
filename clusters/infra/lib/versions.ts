import { ARGOCD_CHART } from '../../../platform/gitops/argocd-installation';

/**
 * Every version the AWS layer installs, pinned so a synth never resolves `latest`/`auto` (which
 * would need a network call) and an upgrade is a one-line diff. The argo-cd chart is defined with
 * the rest of the ArgoCD installation, which `npm run conformance` also renders.
 */

/** argo-cd Helm chart version; defined with the rest of the installation in platform/gitops/argocd-installation.ts. */
export const ARGOCD_CHART_VERSION = ARGOCD_CHART.version;

/** Argo CD version that ARGOCD_CHART_VERSION ships (for documentation and tests). */
export const ARGOCD_APP_VERSION = ARGOCD_CHART.appVersion;

/**
 * EKS Pod Identity Agent add-on; the version eks-blueprints 1.19 maps to Kubernetes 1.34 and 1.35.
 * Pinned here rather than `auto`, which calls DescribeAddonVersions at synth.
 */
export const POD_IDENTITY_AGENT_VERSION = 'v1.3.10-eksbuild.2';

/**
 * aws-load-balancer-controller Helm chart (aws/eks-charts), installed only on clusters where an
 * app asks for a load balancer. 3.4.0 is the version eks-blueprints 1.19 is built and tested with.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION = '3.4.0';
