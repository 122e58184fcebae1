export * from './application-paths';
export * from './argocd-tenancy';
