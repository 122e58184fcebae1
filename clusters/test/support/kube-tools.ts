export { kubeTool } from '../../kube-tools';
