import { ObjectProblem } from '../../validate/object-problem';
import { ScrapeJobSelector } from '../helm-release';
import { ConformanceCheck } from './conformance-check';

interface ServiceFields {
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: { readonly ports?: readonly { readonly name?: string }[] };
}

/** Prometheus' discovery turns every character outside [a-zA-Z0-9_] of a label name into `_`. */
function sanitized(label: string): string {
  return label.replace(/[^a-zA-Z0-9_]/g, '_');
}

function fullMatch(regex: string, value: string): boolean {
  return new RegExp(`^(?:${regex})$`).test(value);
}

/** True when the Service (and one of its ports) passes every keep rule of the job. */
function selects(job: ScrapeJobSelector, service: ServiceFields): boolean {
  const labels = Object.fromEntries(Object.entries(service.metadata?.labels ?? {}).map(([name, value]) => [sanitized(name), value]));
  const labelsMatch = Object.entries(job.serviceLabels).every(([name, regex]) => fullMatch(regex, labels[name] ?? ''));
  const portMatches = job.portName === undefined || (service.spec?.ports ?? []).some((port) => fullMatch(job.portName ?? '', port.name ?? ''));
  return labelsMatch && portMatches;
}

export const scrapeTargetsExist: ConformanceCheck = {
  id: 'conformance-scrape-target',
  description: "Every scrape job of the metrics collector that selects Services in the chart's namespace (by label and port name) finds one in what the chart renders.",
  check({ release, objects, cluster }) {
    const services = objects.filter(({ object }) => object.apiVersion === 'v1' && object.kind === 'Service');
    const problems: ObjectProblem[] = [];
    for (const job of cluster.scrapeJobs.filter((candidate) => candidate.namespace === release.namespace)) {
      const inNamespace = services.filter(({ object }) => ((object as ServiceFields).metadata?.namespace ?? release.namespace) === job.namespace);
      if (inNamespace.some(({ object }) => selects(job, object as ServiceFields))) continue;
      const wanted = [...Object.entries(job.serviceLabels).map(([name, regex]) => `${name}=~"${regex}"`), ...(job.portName ? [`port name =~ "${job.portName}"`] : [])].join(', ');
      const found = inNamespace.map(({ object }) => {
        const service = object as ServiceFields;
        return `${String(service.metadata?.name)} {${Object.entries(service.metadata?.labels ?? {}).map(([name, value]) => `${name}=${value}`).join(', ')}} ports [${(service.spec?.ports ?? []).map((port) => port.name ?? '').join(', ')}]`;
      });
      problems.push({
        file: release.origin,
        object: `scrape job ${job.job}`,
        field: '/relabel_configs',
        message: `selects a Service in ${job.namespace} with ${wanted}, but ${release.chart} ${release.version} renders ${found.length > 0 ? found.join('; ') : 'no Service there'}: the job would scrape nothing`,
        rule: this.id,
      });
    }
    return problems;
  },
};
