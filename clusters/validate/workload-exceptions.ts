import { posix } from 'node:path';
import { PART_OF_LABEL } from '../../workloads/app-labels';
import { floatingImageException } from '../../workloads/floating-image-exceptions';
import { podSecurityException } from '../../workloads/pod-security-exceptions';
import { Fleet, PolicyException } from '../fleet/fleet-schema';
import { allPods } from './pod-templates';
import { ListedException } from './policy-exceptions';
import { RenderedObject } from './rendered-objects';

/** Where app charts declare the containers that cannot run restricted. */
export const POD_SECURITY_EXCEPTIONS_FILE = 'workloads/pod-security-exceptions.ts';

/** Where app charts declare the images they may run under a floating tag. */
export const FLOATING_IMAGE_EXCEPTIONS_FILE = 'workloads/floating-image-exceptions.ts';

/**
 * The gate's exceptions for the rendered pods of app charts that declare a pod-security
 * exception (`workloads/pod-security-exceptions.ts`) or a floating image
 * (`workloads/floating-image-exceptions.ts`) in code: the chart's one reasoned list is
 * what both the rendering and the gate accept, so it is never written twice. Each rendered
 * object gets its own entries; an entry that excuses nothing is reported against that file.
 */
export function workloadExceptions(fleet: Fleet, objects: readonly RenderedObject[]): ListedException[] {
  const listed: ListedException[] = [];
  for (const pod of allPods(objects)) {
    const { object, cluster } = pod.source;
    const namespace = typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : undefined;
    const appName = pod.labels[PART_OF_LABEL];
    const team = Object.values(fleet.teams).find((candidate) => candidate.namespace === namespace);
    const app = appName === undefined ? undefined : team?.apps[appName];
    if (!app || !appName || !namespace) continue;
    const chart = app.chart ?? appName;
    for (const container of pod.containers) {
      const floating = floatingImageException(chart, container.fields.name ?? '', String(container.fields.image ?? ''));
      if (floating) {
        listed.push({
          exception: { rule: 'image-pinned', reason: floating.reason, object: { kind: String(object.kind), name: String(object.metadata?.name), namespace, cluster } },
          file: FLOATING_IMAGE_EXCEPTIONS_FILE,
          field: posix.join(chart, container.fields.name ?? '', 'image-pinned'),
        });
      }
      const exception = podSecurityException(chart, container.fields.name ?? '');
      if (!exception) continue;
      const target = { kind: String(object.kind), name: String(object.metadata?.name), namespace, cluster };
      const entry = (rule: string): ListedException => ({
        exception: { rule, reason: exception.reason, object: target } satisfies PolicyException,
        file: POD_SECURITY_EXCEPTIONS_FILE,
        field: posix.join(chart, container.fields.name ?? '', rule),
      });
      if (exception.runAsRoot || (exception.addCapabilities ?? []).length > 0) listed.push(entry('pod-security-restricted'));
      if (exception.writableRootFilesystem) listed.push(entry('container-read-only-root-filesystem'));
    }
  }
  return listed;
}
