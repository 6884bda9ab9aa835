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
#   cmd       the programs: the hook and iftoken's commands
#   testing   the fake kernel and the unit-test main
LAYERS    := base kernel netlink ifupdown pipeline check
HOOK_LIBS := pipeline ifupdown netlink kernel base
TOOL_LIBS := check pipeline ifupdown netlink kernel base
srcs_of    = $(filter-out %_test.cc,$(wildcard src/$(1)/*.cc))
lib_of     = $(OUT)/lib$(1).a
objs_of    = $(patsubst src/%.cc,$(OBJ)/%.o,$(1))

TEST_SRCS := $(foreach d,$(LAYERS),$(wildcard src/$(d)/*_test.cc)) $(wildcard src/testing/*.cc)
TEST_OBJS := $(call objs_of,$(TEST_SRCS))
TOOL_SRCS := $(filter-out src/cmd/hook.cc,$(call srcs_of,cmd))
MAN5      := $(wildcard man/*.5)
MAN8      := $(wildcard man/*.8)
HOOK_LINKS := pre-up up down post-down

all: $(OUT)/hook $(OUT)/iftoken

$(OBJ)/%.o: src/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -Isrc -MMD -MP -c $< -o $@

define LAYER_LIB
$(call lib_of,$(1)): $(call objs_of,$(call srcs_of,$(1)))
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach d,$(LAYERS),$(eval $(call LAYER_LIB,$(d))))

$(OUT)/hook: $(OBJ)/cmd/hook.o $(foreach d,$(HOOK_LIBS),$(call lib_of,$(d)))
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
# the system tests (root) and, with IFT_DEB_CHECK=1, the package checks.
check:
	tests/install-deps build system impl
	$(MAKE) all $(OUT)/unit_tests
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
	sed "s|^HOOK = .*|HOOK = '$(PREFIX)/libexec/ifupdown-token/hook'|" integrations/ifupdown2/ifupdown_token.py \
	  > $(DESTDIR)$(PREFIX)/share/ifupdown2/addons/ifupdown_token.py
	chmod 644 $(DESTDIR)$(PREFIX)/share/ifupdown2/addons/ifupdown_token.py
	install -d $(DESTDIR)$(PREFIX)/share/ifupdown-token
	install -m 755 integrations/ifupdown2/register $(DESTDIR)$(PREFIX)/share/ifupdown-token/register-ifupdown2-addon
	integrations/ifupdown2/register add $(DESTDIR)
	install -d $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 $(MAN8) $(DESTDIR)$(PREFIX)/share/man/man8/

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

# Build, lintian, install/remove/purge/reinstall (root; see tests/deb-check).
deb-check:
	tests/deb-check $(DEB_DIR)

clean:
	rm -rf $(OUT)

.PHONY: all check unit install clean deb deb-check demo bench
-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
