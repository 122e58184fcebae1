import { describeTeamSyncableKinds, isTeamSyncable } from '../../../platform/tenancy/team-resource-kinds';
import { ApplicationIndex } from '../application-index';
import { findingAt } from '../finding';
import { ObjectProblem } from '../object-problem';
import { PolicyContext, PolicyRule } from '../policy-rule';

/**
 * The gate's side of the team AppProject: every object in a folder a team project syncs is of a
 * kind that project allows and in the team's namespace, so what ArgoCD would refuse at sync,
 * after merge, fails CI before it.
 */
export const teamFolderKinds: PolicyRule = {
  id: 'team-folder-kinds',
  description: 'Every object in a folder synced by a team project is of a kind the team may sync, in the team\'s namespace.',
  check({ fleet, objects }: PolicyContext): ObjectProblem[] {
    const problems: ObjectProblem[] = [];
    const index = new ApplicationIndex(objects);
    for (const rendered of objects) {
      const project = index.forFile(rendered.file)?.spec?.project;
      const team = project !== undefined && Object.hasOwn(fleet.teams, project) ? fleet.teams[project] : undefined;
      if (!team) continue;
      const { apiVersion, kind } = rendered.object;
      if (!isTeamSyncable(String(apiVersion), String(kind))) {
        problems.push(findingAt(rendered, this.id, '/kind', `${String(apiVersion)} ${String(kind)} is synced by team project ${project}, which allows only ${describeTeamSyncableKinds()}`));
      } else if (rendered.object.metadata?.namespace !== team.namespace) {
        problems.push(findingAt(rendered, this.id, '/metadata/namespace', `is "${rendered.object.metadata?.namespace ?? ''}"; team ${project} deploys only into ${team.namespace}`));
      }
    }
    return problems;
  },
};
