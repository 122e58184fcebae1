# Shortcuts for the npm scripts; `npm ci` first on a fresh machine.
.PHONY: synth test validate check typecheck destroy deploy verify kubeconfig

# The render process itself, as `npm run synth` starts it (without npm's own start-up).
synth:
	node clusters/bundle/run-bundled.js clusters/synth.ts

test:
	npm test

validate:
	npm run validate -- ../shared/crds

check: typecheck test
	npm run synth -- --check
	npm run validate -- ../shared/crds

typecheck:
	npm run typecheck

# Tears down the AWS layer in reverse wave order; says what it deletes and asks first.
destroy:
	$(MAKE) -C clusters/infra destroy

# From a fork to dashboards with data (clusters/deploy/README.md). Options after `--` go to the
# command: `make deploy -- --dry-run`; `make kubeconfig CLUSTER=prod1`.
COMMAND_OPTIONS := $(filter --%,$(MAKECMDGOALS))

deploy:
	npm run --silent deploy -- $(COMMAND_OPTIONS)

verify:
	npm run --silent verify -- $(COMMAND_OPTIONS)

kubeconfig:
	npm run --silent kubeconfig -- --cluster "$(CLUSTER)" $(COMMAND_OPTIONS)

# The options themselves are not targets.
$(COMMAND_OPTIONS):
	@:
