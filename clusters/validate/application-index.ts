import { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { RenderedObject } from './rendered-objects';

/** An Application rendered into a cluster's bootstrap, with what the sync rules need. */
export interface IndexedApplication {
  readonly rendered: RenderedObject;
  readonly spec: IApplication['spec'];
  readonly name: string;
  readonly wave: number;
  readonly syncOptions: readonly string[];
}

/** Folder of a rendered file as an Application path names it (Helm `templates/` folded in). */
export function leafFolder(file: string): string {
  return file.slice(0, file.lastIndexOf('/')).replace(/\/templates$/, '');
}

/**
 * The Applications of the render and, for each folder of dist/ one of them syncs, that
 * Application. Built once per check; lookups are by map, so rules stay linear in the objects.
 */
export class ApplicationIndex {
  public readonly applications: readonly IndexedApplication[];
  private readonly byFolder = new Map<string, IndexedApplication>();

  public constructor(objects: readonly RenderedObject[]) {
    this.applications = objects
      .filter(({ object }) => object.apiVersion === 'argoproj.io/v1alpha1' && object.kind === 'Application')
      .map((rendered) => {
        const application = rendered.object as unknown as IApplication;
        const wave = Number(application.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
        return {
          rendered,
          spec: application.spec,
          name: String(application.metadata?.name),
          wave: Number.isFinite(wave) ? wave : 0,
          syncOptions: application.spec?.syncPolicy?.syncOptions ?? [],
        };
      });
    for (const application of this.applications) {
      const path = application.spec?.source?.path;
      if (path?.startsWith('dist/') && !application.spec?.source?.chart) this.byFolder.set(path.slice('dist/'.length), application);
    }
  }

  /** The Application that syncs the folder holding `file`, if one is rendered. */
  public forFile(file: string): IndexedApplication | undefined {
    return this.byFolder.get(leafFolder(file));
  }

  /** Applications of one cluster (those rendered under `<cluster>/`). */
  public ofCluster(cluster: string): IndexedApplication[] {
    return this.applications.filter((application) => application.rendered.cluster === cluster);
  }
}

/** True when a sync option list (or an object's sync-options annotation) holds `option`. */
export function hasSyncOption(options: readonly string[] | string | undefined, option: string): boolean {
  const list = typeof options === 'string' ? options.split(',') : options ?? [];
  return list.map((entry) => entry.trim()).includes(option);
}

/** Folders (`<cluster>/<leaf>`) of rendered objects, with their objects. */
export function objectsByFolder(objects: readonly RenderedObject[]): Map<string, RenderedObject[]> {
  const folders = new Map<string, RenderedObject[]>();
  for (const rendered of objects) {
    const folder = leafFolder(rendered.file);
    const list = folders.get(folder) ?? [];
    list.push(rendered);
    folders.set(folder, list);
  }
  return folders;
}
