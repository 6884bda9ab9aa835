# ifupdown-token — see README.md. `sudo make check` installs what the tests
# need (tests/install-deps), builds, and runs every test.
PREFIX    ?= /usr
DESTDIR   ?=
CXX       ?= g++
CXXFLAGS  ?= -O2 -g
CPPFLAGS  ?=
LDFLAGS   ?=
WARN      := -Wall -Wextra -Wshadow -Wmissing-declarations -Wno-missing-field-initializers
ALL_CXXFLAGS := -std=c++20 $(WARN) -ffunction-sections -fdata-sections $(CXXFLAGS)
# The hook links libstdc++ statically: loading it dynamically costs ~0.6 ms per
# exec, more than the hook's own work. Section GC drops the parts of it it
# never calls (-400 KB, -7% instructions per exec; see BENCHMARKS.md).
HOOK_LDFLAGS := -static-libstdc++ -static-libgcc -Wl,--gc-sections -Wl,-O1 $(LDFLAGS)

OUT := out
# `make check` and .ci/run build with every core the machine has.
NPROC := $(shell nproc 2>/dev/null || echo 1)
OBJ := $(OUT)/obj

# The architecture, lowest layer first. Each directory is one library; a
# program names the directories it is made of, so a new file lands in the hook
# only by being put in one of the hook's directories.
#   base      values: IPv6/IPv4 addresses, the IPv6 settings, text for messages
#   kernel    the narrow Kernel interface and the Snapshot read through it
#   netlink   the real Kernel: rtnetlink over libmnl, /proc/sys
#   ifupdown  ifupdown's model: interfaces(5) reader, methods, the hook environment
#   pipeline  environment -> Options -> Snapshot -> Plan -> apply -> Record
#   check     `iftoken check`/`plan`: an ifup simulated on that model
#   migrate   `iftoken migrate`: hand-written token and sysctl lines rewritten into options
#   audit     `iftoken audit`: a host's live state against its stanzas and records, as findings
#   cmd       the programs: the hook and iftoken's commands
#   testing   the fake kernel and the unit-test main
LAYERS    := base kernel netlink ifupdown pipeline check migrate audit
# What each library uses: the libraries its (non-test) files #include, the
# graph HACKING.md draws (tests/lint holds the #includes to it). A program
# names the libraries it calls; its link list is those and all they use,
# highest layer first, as a static link needs.
USES_base     :=
USES_kernel   := base
USES_netlink  := kernel
USES_ifupdown := base
USES_pipeline := ifupdown kernel base
USES_check    := pipeline ifupdown kernel base
USES_migrate  := check pipeline ifupdown base
USES_audit    := check pipeline ifupdown kernel base
uses_all   = $(sort $(1) $(foreach d,$(1),$(call uses_all,$(USES_$(d)))))
link_libs  = $(filter $(call uses_all,$(1)),$(call reverse,$(LAYERS)))
reverse    = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
HOOK_LIBS := $(call link_libs,pipeline ifupdown netlink)
TOOL_LIBS := $(call link_libs,audit migrate netlink)
srcs_of    = $(filter-out %_test.cc,$(wildcard src/$(1)/*.cc))
lib_of     = $(OUT)/lib$(1).a
objs_of    = $(patsubst src/%.cc,$(OBJ)/%.o,$(1))

TEST_SRCS := $(foreach d,$(LAYERS),$(wildcard src/$(d)/*_test.cc)) $(wildcard src/testing/*.cc)
TEST_OBJS := $(call objs_of,$(TEST_SRCS))
TOOL_SRCS := $(call srcs_of,cmd)
MAN5      := $(wildcard man/*.5)
MAN8      := $(wildcard man/*.8)
HOOK_LINKS := create pre-up up down post-down

all: $(OUT)/hook $(OUT)/iftoken

$(OBJ)/%.o: src/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -Isrc -MMD -MP -c $< -o $@

# hooks/: what plugs into the ifupdown implementations (the hook's main, the
# ifupdown2 addon and its registration), built on the layers in src/.
$(OBJ)/hooks/%.o: hooks/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -Isrc -MMD -MP -c $< -o $@

define LAYER_LIB
$(call lib_of,$(1)): $(call objs_of,$(call srcs_of,$(1)))
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach d,$(LAYERS),$(eval $(call LAYER_LIB,$(d))))

$(OUT)/hook: $(OBJ)/hooks/hook.o $(foreach d,$(HOOK_LIBS),$(call lib_of,$(d)))
	$(CXX) $(HOOK_LDFLAGS) -o $@ $^ -lmnl

$(OUT)/iftoken: $(call objs_of,$(TOOL_SRCS)) $(foreach d,$(TOOL_LIBS),$(call lib_of,$(d)))
	$(CXX) $(LDFLAGS) -o $@ $^ -lboost_program_options -lmnl

$(OUT)/unit_tests: $(TEST_OBJS) $(foreach d,$(TOOL_LIBS),$(call lib_of,$(d)))
	$(CXX) $(LDFLAGS) -o $@ $^ -lboost_unit_test_framework -lmnl

# Boost.Test's dynamic library needs this define in every test object.
$(TEST_OBJS): CPPFLAGS += -DBOOST_TEST_DYN_LINK

# The unit tests alone: no root, no network (also the package build's test).
unit: $(OUT)/unit_tests
	tests/run-unit $(OUT)/unit_tests

# Everything: installs what is missing (as root), builds, runs the unit tests,
# the fuzz corpus, the system tests (root) and, with IFT_DEB_CHECK=1, the
# package checks, with IFT_KERNELS="6.1 6.12" the system tests under those
# kernels in QEMU; ends with "N passed, N failed".
check:
	tests/install-deps build system impl fuzz fleet audit $(if $(filter 1,$(IFT_DEB_CHECK)),deb) $(if $(IFT_KERNELS),kernels)
	$(MAKE) -j$(NPROC) all $(OUT)/unit_tests
	tests/check

# The hook, linked from every if-*.d (ifupdown 0.8 and ifupdown-ng run those),
# the ifupdown2 addon and its registration (README: ifupdown implementations).
install: all
	install -d $(DESTDIR)$(PREFIX)/libexec/ifupdown-token $(DESTDIR)$(PREFIX)/sbin
	install -m 755 $(OUT)/hook $(DESTDIR)$(PREFIX)/libexec/ifupdown-token/hook
	install -m 755 $(OUT)/iftoken $(DESTDIR)$(PREFIX)/sbin/
	for p in $(HOOK_LINKS); do \
	  install -d $(DESTDIR)/etc/network/if-$$p.d; \
	  ln -sfn $(PREFIX)/libexec/ifupdown-token/hook $(DESTDIR)/etc/network/if-$$p.d/ifupdown-token; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/ifupdown2/addons
	sed "s|^HOOK = .*|HOOK = '$(PREFIX)/libexec/ifupdown-token/hook'|" hooks/ifupdown2/ifupdown_token.py \
	  > $(DESTDIR)$(PREFIX)/share/ifupdown2/addons/ifupdown_token.py
	chmod 644 $(DESTDIR)$(PREFIX)/share/ifupdown2/addons/ifupdown_token.py
	install -d $(DESTDIR)$(PREFIX)/share/ifupdown-token
	install -m 755 hooks/ifupdown2/register $(DESTDIR)$(PREFIX)/share/ifupdown-token/register-ifupdown2-addon
	hooks/ifupdown2/register add $(DESTDIR)
	$(MAKE) install-fleet
	install -d $(DESTDIR)/lib/systemd/system $(DESTDIR)$(PREFIX)/share/doc/ifupdown-token/examples
	install -m 644 integrations/systemd/ifupdown-token-audit.service \
	  integrations/systemd/ifupdown-token-audit.timer $(DESTDIR)/lib/systemd/system/
	install -m 644 integrations/nagios/ifupdown-token.cfg \
	  $(DESTDIR)$(PREFIX)/share/doc/ifupdown-token/examples/nagios-ifupdown-token.cfg
	install -d $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 $(MAN8) $(DESTDIR)$(PREFIX)/share/man/man8/

# The Puppet module and the Ansible collection (integrations/puppet, ansible),
# where Debian 12's puppet 7 (its modulepath) and ansible-core 2.14 (its
# collections path) find them.
PUPPET_MODULES     := $(PREFIX)/share/puppet/modules
ANSIBLE_COLLECTIONS := $(PREFIX)/share/ansible/collections/ansible_collections
install-fleet:
	install -d $(DESTDIR)$(PUPPET_MODULES) $(DESTDIR)$(ANSIBLE_COLLECTIONS)/ifupdown_token
	cp -R integrations/puppet/ifupdown_token $(DESTDIR)$(PUPPET_MODULES)/
	cp -R integrations/ansible/ifupdown_token $(DESTDIR)$(ANSIBLE_COLLECTIONS)/ifupdown_token/
	chmod -R u=rwX,go=rX $(DESTDIR)$(PUPPET_MODULES)/ifupdown_token \
	  $(DESTDIR)$(ANSIBLE_COLLECTIONS)/ifupdown_token

# The story in namespaces: installs what it needs, builds, runs (under a minute).
demo:
	bash tests/demo.sh

# Benchmarks against the shell lines the hook replaces (root; see BENCHMARKS.md).
bench: all
	tests/bench/run

# The package, built from a copy of the tree (dpkg-buildpackage runs `make clean`).
DEB_DIR := $(OUT)/deb
deb:
	rm -rf $(OUT)/debsrc && mkdir -p $(OUT)/debsrc/ifupdown-token $(DEB_DIR)
	tar --exclude=./out --exclude=./.git -cf - . | tar -C $(OUT)/debsrc/ifupdown-token -xf -
	cd $(OUT)/debsrc/ifupdown-token && dpkg-buildpackage -us -uc -b
	mv $(OUT)/debsrc/ifupdown-token_* $(OUT)/debsrc/ifupdown-token-dbgsym_* $(DEB_DIR)/
	@ls $(DEB_DIR)/*.deb

# The system tests under Debian 12's own kernels in QEMU (root; default 6.1 6.12;
# see tests/kernels/run and README).
KERNELS ?=
check-kernels: all
	tests/kernels/run $(KERNELS)

# Build, lintian, install/remove/purge/reinstall (root; see tests/deb-check).
deb-check:
	tests/deb-check $(DEB_DIR)

clean:
	rm -rf $(OUT)

.PHONY: all check unit install install-fleet clean deb deb-check demo bench check-kernels print-layers

# The layers, and what one uses (`make -s uses-check`): read by tests/lint.
print-layers:
	@echo $(LAYERS)
uses-%:
	@echo $(USES_$*)
-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# --- Fuzzing ----------------------------------------------------------------
# One libFuzzer target per file in src/fuzz/, built by clang with ASan and
# UBSan from the product's own sources, compiled again into out/fuzz/obj (the
# g++ objects above are not reused). `make fuzz` runs each target for
# FUZZ_SECONDS, one at a time, over out/fuzz/corpus/TARGET (new inputs land
# there) and the committed seeds in tests/fuzz/corpus/TARGET (read only); a
# crash is left in out/fuzz/ as TARGET-crash-*: minimise it (TARGET
# -minimize_crash=1 FILE), fix, and commit it to the seeds. `make fuzz-replay`
# runs every target once over its committed seeds and prints one line,
# "fuzz: N passed, N failed" (the line tests/check adds up).
# `make fuzz FUZZ_TARGETS=netlink_fuzz FUZZ_SECONDS=600`: one target, longer.
FUZZ_CXX      ?= clang++
FUZZ_CXXFLAGS := -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS  ?= 60
FUZZ_TARGETS  ?= options_fuzz netlink_fuzz interfaces_fuzz record_fuzz sysctl_fuzz
FUZZ_OUT      := $(OUT)/fuzz
FUZZ_OBJ      := $(FUZZ_OUT)/obj
FUZZ_SEEDS    := tests/fuzz/corpus
# Per input: a hang is a failure after this many seconds.
FUZZ_RUNFLAGS := -timeout=10 -rss_limit_mb=2048
fuzz_objs_of   = $(patsubst src/%.cc,$(FUZZ_OBJ)/%.o,$(1))
fuzz_lib_of    = $(FUZZ_OUT)/lib$(1).a

$(FUZZ_OBJ)/%.o: src/%.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -Isrc -MMD -MP -c $< -o $@

define FUZZ_LIB
$(call fuzz_lib_of,$(1)): $(call fuzz_objs_of,$(call srcs_of,$(1)))
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach d,$(LAYERS),$(eval $(call FUZZ_LIB,$(d))))

# TARGET, its link list (link_libs of what it calls), other objects.
define FUZZ_TARGET
$(FUZZ_OUT)/$(1): $(FUZZ_OBJ)/fuzz/$(1).o $(3) $(foreach d,$(2),$(call fuzz_lib_of,$(d)))
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -o $$@ $$^ -lmnl
endef
$(eval $(call FUZZ_TARGET,options_fuzz,$(call link_libs,pipeline ifupdown netlink)))
$(eval $(call FUZZ_TARGET,netlink_fuzz,$(call link_libs,netlink)))
$(eval $(call FUZZ_TARGET,interfaces_fuzz,$(TOOL_LIBS),$(FUZZ_OBJ)/testing/fake_kernel.o))
$(eval $(call FUZZ_TARGET,record_fuzz,$(call link_libs,pipeline ifupdown netlink)))
$(eval $(call FUZZ_TARGET,sysctl_fuzz,$(call link_libs,check)))

fuzz-build:
	tests/install-deps build fuzz
	$(MAKE) $(addprefix $(FUZZ_OUT)/,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@failed=""; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_OUT)/corpus/$$t; \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_OUT)/$$t $(FUZZ_RUNFLAGS) $$dict -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_OUT)/$$t- $(FUZZ_OUT)/corpus/$$t $(FUZZ_SEEDS)/$$t \
	    >$(FUZZ_OUT)/$$t.log 2>&1 || { failed="$$failed $$t"; tail -n 40 $(FUZZ_OUT)/$$t.log; }; \
	  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $(FUZZ_OUT)/$$t.log; \
	done; \
	[ -z "$$failed" ] || { echo "fuzz: found a problem in:$$failed (inputs: $(FUZZ_OUT)/*-crash-*, *-timeout-*, *-oom-*)"; exit 1; }

fuzz-replay: fuzz-build
	@passed=0; failed=0; for t in $(FUZZ_TARGETS); do \
	  if $(FUZZ_OUT)/$$t $(FUZZ_RUNFLAGS) -runs=0 -artifact_prefix=$(FUZZ_OUT)/$$t-replay- $(FUZZ_SEEDS)/$$t >$(FUZZ_OUT)/$$t.replay.log 2>&1; \
	  then passed=$$((passed + 1)); \
	  else failed=$$((failed + 1)); echo "fuzz-replay: $$t FAILED (log: $(FUZZ_OUT)/$$t.replay.log):"; \
	    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' $(FUZZ_OUT)/$$t.replay.log | head -n 5; fi; \
	done; \
	echo "fuzz: $$passed passed, $$failed failed"; [ $$failed = 0 ]

.PHONY: fuzz fuzz-build fuzz-replay
-include $(shell find $(FUZZ_OBJ) -name '*.d' 2>/dev/null)
