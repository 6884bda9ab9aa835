# ifupdown-token — see README.md. `make check` runs every test (system tests need root).
PREFIX    ?= /usr
DESTDIR   ?=
CXX       ?= g++
CXXFLAGS  ?= -O2 -g
CPPFLAGS  ?=
LDFLAGS   ?=
WARN      := -Wall -Wextra -Wshadow -Wno-missing-field-initializers
ALL_CXXFLAGS := -std=c++20 $(WARN) -ffunction-sections -fdata-sections $(CXXFLAGS)
# Hooks link libstdc++ statically: loading it dynamically costs ~0.6 ms per exec,
# more than the hook's own work. Section GC drops the parts of it they never
# call (-400 KB, -7% instructions per exec; see BENCHMARKS.md).
HOOK_LDFLAGS := -static-libstdc++ -static-libgcc -Wl,--gc-sections -Wl,-O1 $(LDFLAGS)

OUT := out
LIB_SRCS  := $(filter-out %_test.cc src/iftoken.cc src/iftoken_%.cc src/fake_kernel.cc src/test_main.cc,$(wildcard src/*.cc))
TOOL_SRCS := src/iftoken.cc $(wildcard src/iftoken_*.cc)
TEST_SRCS := $(wildcard src/*_test.cc) src/fake_kernel.cc src/test_main.cc
LIB_OBJS  := $(LIB_SRCS:src/%.cc=$(OUT)/%.o)
TOOL_OBJS := $(TOOL_SRCS:src/%.cc=$(OUT)/%.o)
TEST_OBJS := $(TEST_SRCS:src/%.cc=$(OUT)/%.o)
MAN5      := $(wildcard man/*.5)
MAN8      := $(wildcard man/*.8)
HOOKS     := $(OUT)/pre-up $(OUT)/up $(OUT)/down $(OUT)/post-down

all: $(HOOKS) $(OUT)/iftoken

$(OUT)/%.o: src/%.cc
	@mkdir -p $(OUT)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -Isrc -MMD -MP -c $< -o $@

$(OUT)/hook_%.o: hooks/%.cc
	@mkdir -p $(OUT)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -Isrc -MMD -MP -c $< -o $@

$(OUT)/libift.a: $(LIB_OBJS)
	ar rcs $@ $^

$(HOOKS): $(OUT)/%: $(OUT)/hook_%.o $(OUT)/libift.a
	$(CXX) $(HOOK_LDFLAGS) -o $@ $^ -lmnl

$(OUT)/iftoken: $(TOOL_OBJS) $(OUT)/libift.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lboost_program_options -lmnl

$(OUT)/unit_tests: $(TEST_OBJS) $(OUT)/libift.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lboost_unit_test_framework -lmnl

# Boost.Test's dynamic library needs this define in every test object.
$(TEST_OBJS): CPPFLAGS += -DBOOST_TEST_DYN_LINK

unit: $(OUT)/unit_tests
	tests/run-unit $(OUT)/unit_tests

check: all $(OUT)/unit_tests
	tests/check

install: all
	install -d $(DESTDIR)$(PREFIX)/libexec/ifupdown-token $(DESTDIR)$(PREFIX)/sbin
	install -m 755 $(HOOKS) $(DESTDIR)$(PREFIX)/libexec/ifupdown-token/
	install -m 755 $(OUT)/iftoken $(DESTDIR)$(PREFIX)/sbin/
	for p in pre-up up down post-down; do \
	  install -d $(DESTDIR)/etc/network/if-$$p.d; \
	  ln -sfn $(PREFIX)/libexec/ifupdown-token/$$p $(DESTDIR)/etc/network/if-$$p.d/ifupdown-token; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 $(MAN8) $(DESTDIR)$(PREFIX)/share/man/man8/

# The story in namespaces: installs what it needs, builds, runs (under a minute).
demo:
	bash tests/demo.sh

# Benchmarks against the shell lines the hooks replace (root; see BENCHMARKS.md).
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
-include $(wildcard $(OUT)/*.d)
