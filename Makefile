# jlint: GNU make.  `make` builds build/jlint; `make check` runs every test;
# `make check-asan` runs the whole suite again under ASan+UBSan.

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
PKG_CONFIG	?= pkg-config
CC		?= cc
CFLAGS		?= -O2 -g
BUILD		?= build

WARNFLAGS = -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wwrite-strings -Wvla \
	    -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wundef
DEP_CFLAGS  = $(shell $(PKG_CONFIG) --cflags yaml-0.1 libpcre2-8 2>/dev/null)
# Evaluated when used, so packages installed by `make deps` are seen.
DEP_LIBS    = $(or $(shell $(PKG_CONFIG) --libs yaml-0.1 libpcre2-8 2>/dev/null),-lyaml -lpcre2-8)
CMOCKA_LIBS = $(or $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null),-lcmocka)
JL_CPPFLAGS = -Ilint -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
JL_CFLAGS   = -std=c11 -fPIC $(WARNFLAGS) $(DEP_CFLAGS) $(SANFLAGS) \
	      $(STRINGOP_CFLAGS)
# Copies and clears of a size known when compiling (a 272-byte step
# reused per command, the expression evaluator's values, the model's
# structs) become calls to libc's memcpy/memset instead of x86's rep
# movs/stos, whose start-up costs more than copying 100-300 bytes: 7%
# more throughput in process (bench/jlbench, same core, interleaved).
# Not in the job_submit plugin's profile-guided build (PGO_SUB below):
# there, on cold caches in slurmctld, it measured 5% slower.  Compilers
# without the option (clang, other CPUs) leave it out.
ifeq ($(origin STRINGOP_CFLAGS),undefined)
STRINGOP_CFLAGS := $(shell $(CC) -Werror -mstringop-strategy=libcall -E \
	-x c /dev/null >/dev/null 2>&1 && echo -mstringop-strategy=libcall)
endif

# The jlint program is cmd/ (the command table, one file per command, the
# run helper) over liblint.a.  Its libslurm code (issue 6, `jlint
# facts|audit|--cluster`, CLUSTER_SRCS) is linked into the jlint command
# only: lint/ is all library, never includes slurm.h, and the job_submit
# plugin links it without -lslurm.
CMD_SRCS := $(wildcard cmd/*.c)
CMD_OBJS := $(patsubst cmd/%.c,$(BUILD)/obj/cmd/%.o,$(CMD_SRCS))
CLUSTER_SRCS := cmd/cluster.c cmd/cmd-audit.c
# libslurm is not linked: cmd/cluster.c dlopen()s it for facts, audit and
# --cluster only (cmd/slurm-dl.h), by the SONAME of the libslurm.so whose
# headers it is compiled with (evaluated when cluster.o is compiled, after
# `deps` installed libslurm-dev).
LIBSLURM_SONAME = $(or $(shell objdump -p "$$($(CC) -print-file-name=libslurm.so)" 2>/dev/null | sed -n 's/^ *SONAME *//p'),libslurm.so)
$(BUILD)/obj/cmd/cluster.o: JL_CPPFLAGS += -DJL_LIBSLURM='"$(LIBSLURM_SONAME)"'
CLUSTER_LIBS :=
LIB_SRCS := $(wildcard lint/*.c)
LIB_OBJS := $(patsubst lint/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
# Files compiled into the binary: the rule catalog and the default policy.
RULE_FILES := $(sort $(wildcard rules/*.yaml))
GEN_OBJS := $(BUILD)/obj/gen-rules.o $(BUILD)/obj/gen-default-policy.o
LIB_OBJS += $(GEN_OBJS)
TEST_SRCS := $(wildcard tests/t_*.c)
TESTS	 := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

all: deps $(BUILD)/jlint

# What each target needs is installed before anything that needs it runs
# (tools/deps.sh: root installs with apt-get, others get the command to
# run).  `deps` is an order-only prerequisite of every compile, so
# `make -jN` on a fresh machine cannot compile before the headers are
# there; the chain deps -> deps-unit -> check-deps keeps apt-get runs
# apart.  A plain build needs no cmocka, python3 or Slurm daemons.
deps:
	@./tools/deps.sh build
deps-unit: deps
	@./tools/deps.sh unit
# Everything `make check` uses (python3, groff, valgrind, npm, pre-commit,
# Slurm daemons...).  Without root only what every test needs is demanded;
# the rest is listed, and the tests that use it fail if it is missing.
check-deps: deps-unit
	@if [ "$$(id -u)" = 0 ]; then ./tools/deps.sh test; else \
	    ./tools/deps.sh unit python3 && { ./tools/deps.sh test || true; }; fi

$(BUILD)/obj/%.o: lint/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/cmd/%.o: cmd/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) -Icmd $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c | deps-unit
	@mkdir -p $(dir $@)
	$(CC) $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/rules.c: $(RULE_FILES) tools/embed-files.sh
	@mkdir -p $(dir $@)
	./tools/embed-files.sh $@ $(RULE_FILES)

$(BUILD)/gen/default-policy.c: policies/default.yaml tools/embed.sh
	@mkdir -p $(dir $@)
	./tools/embed.sh policies/default.yaml $@ jl_default_policy

$(BUILD)/obj/gen-%.o: $(BUILD)/gen/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/liblint.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# Start-up at the process floor (issue 15, bench/RESULTS.md): jlint runs
# once per file from editors and pre-commit, so what the dynamic loader
# does per process counts.  -no-pie: no relocation of the embedded rule
# trees' pointers at every start (4000 relative relocations: ~30 page
# faults); libyaml and libpcre2-8 linked statically when their .a files
# are installed (Debian's -dev packages ship them): two fewer libraries to
# map.  `make JLINT_LDFLAGS= JLINT_STATIC=` links as before.
JLINT_LDFLAGS	?= -no-pie
JLINT_STATIC	?= $(if $(and $(wildcard $(shell $(CC) -print-file-name=libyaml.a)),$(wildcard $(shell $(CC) -print-file-name=libpcre2-8.a))),yes)

JLINT_DEP_LIBS	 = $(if $(JLINT_STATIC),$(JL_BSTATIC) $(DEP_LIBS) $(JL_BDYNAMIC),$(DEP_LIBS))
JL_BSTATIC	:= -Wl,-Bstatic
JL_BDYNAMIC	:= -Wl,-Bdynamic

$(BUILD)/jlint: $(CMD_OBJS) $(BUILD)/liblint.a
	$(CC) $(LDFLAGS) $(JLINT_LDFLAGS) $(SANFLAGS) -o $@ $^ \
	    $(JLINT_DEP_LIBS) $(CLUSTER_LIBS)

# The layout holds: slurm.h only in CLUSTER_SRCS and plugin/, never in
# liblint (the plugin links it into slurmctld without -lslurm).
check-layout:
	@if grep -l '^#include <slurm/' lint/*.[ch] \
	    $(filter-out $(CLUSTER_SRCS),$(CMD_SRCS)) cmd/*.h; then \
		echo "slurm.h included outside $(CLUSTER_SRCS) and plugin/"; \
		exit 1; fi
check: check-layout
.PHONY: check-layout

# Plain linting does not load libslurm (issue 15: start-up at the process
# floor); facts, audit and --cluster dlopen() it (tests/slurm-audit).
check-lazy-slurm: all
	@if readelf -d $(BUILD)/jlint | grep 'NEEDED.*libslurm'; then \
		echo "$(BUILD)/jlint links libslurm: it must dlopen() it"; \
		exit 1; fi
check: check-lazy-slurm
.PHONY: check-lazy-slurm

$(BUILD)/tests/t_%: $(BUILD)/tests/t_%.o $(BUILD)/liblint.a
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(DEP_LIBS) $(CMOCKA_LIBS)

# Every test binary, then the golden fixtures through the real CLI.
check: check-deps all $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; ./$$t; done
	@echo "== fixtures"; JLINT=$(BUILD)/jlint python3 tests/run-fixtures.py
	@echo "== cli"; JLINT=$(BUILD)/jlint ./tests/cli.sh
	@echo "== counts"; JLINT=$(BUILD)/jlint python3 tests/t_counts.py

SANFLAGS_ASAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all
check-asan:
	$(MAKE) BUILD=build/asan CFLAGS='-O1 -g' SANFLAGS='$(SANFLAGS_ASAN)' check

fixtures-update: all
	@./tools/deps.sh python3
	JLINT=$(BUILD)/jlint python3 tests/run-fixtures.py -u

install: all
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD)/jlint $(DESTDIR)$(BINDIR)/jlint

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)
-include $(wildcard $(BUILD)/obj/cmd/*.d)
.PHONY: all deps deps-unit check-deps check check-asan fixtures-update install clean
.SECONDARY:

# ---- Benchmarks and fuzzing (bench/, fuzz/; results in bench/RESULTS.md) --
# make bench        per-file, throughput, scaling, memory, hostile-script
#                   tables (bench/run.sh; about 5 minutes; installs
#                   hyperfine, shellcheck and time with apt-get as root)
# make fuzz         each libFuzzer harness for FUZZ_TIME seconds (60)
# make fuzz-smoke   each harness for FUZZ_SMOKE_TIME seconds (20): CI
# make fuzz-cov     line coverage of liblint reached by the fuzz corpora
FUZZ_CC		?= clang
FUZZ_TIME	?= 60
FUZZ_SMOKE_TIME	?= 20
FUZZ_DIR	:= build/fuzz
FUZZERS		:= script policy expr
FUZZ_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer

$(BUILD)/bench/jlbench: bench/jlbench.c $(BUILD)/liblint.a | deps
	@mkdir -p $(dir $@)
	$(CC) $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -o $@ $^ \
	    $(DEP_LIBS)

bench: all $(BUILD)/bench/jlbench
	BUILD=$(BUILD) ./bench/run.sh

# liblint with coverage for libFuzzer plus ASan/UBSan, then the harnesses.
# The harnesses are compiled here with FUZZ_CC: no gcc-only option.
fuzz-build fuzz-cov: STRINGOP_CFLAGS =
fuzz-build:
	@./fuzz/deps.sh
	$(MAKE) BUILD=$(FUZZ_DIR) CC=$(FUZZ_CC) CFLAGS='-O1 -g' \
	    SANFLAGS='-fsanitize=fuzzer-no-link $(FUZZ_SAN)' \
	    $(FUZZ_DIR)/liblint.a
	./tools/embed.sh policies/ai-lab.yaml $(FUZZ_DIR)/gen/ailab.c \
	    fuzz_ailab_policy
	set -e; for h in $(FUZZERS); do \
	    $(FUZZ_CC) $(JL_CPPFLAGS) $(JL_CFLAGS) -O1 -g \
	    -fsanitize=fuzzer $(FUZZ_SAN) -o $(FUZZ_DIR)/fuzz_$$h \
	    fuzz/fuzz_$$h.c $(FUZZ_DIR)/gen/ailab.c $(FUZZ_DIR)/liblint.a \
	    $(DEP_LIBS); done
	rm -rf $(FUZZ_DIR)/seeds
	python3 fuzz/mkseeds.py $(FUZZ_DIR)/seeds

fuzz: fuzz-build
	FUZZ_BUILD=$(FUZZ_DIR) ./fuzz/run.sh $(FUZZ_TIME)

fuzz-smoke: fuzz-build
	FUZZ_BUILD=$(FUZZ_DIR) ./fuzz/run.sh $(FUZZ_SMOKE_TIME)

# Line/region coverage of liblint reached by the corpora (fuzz/coverage.sh).
FUZZ_COV_DIR	:= build/fuzzcov
FUZZ_COV	:= -fprofile-instr-generate -fcoverage-mapping
fuzz-cov: fuzz-build
	$(MAKE) BUILD=$(FUZZ_COV_DIR) CC=$(FUZZ_CC) CFLAGS='-O1 -g' \
	    SANFLAGS='-fsanitize=fuzzer-no-link $(FUZZ_COV)' \
	    $(FUZZ_COV_DIR)/liblint.a
	set -e; for h in $(FUZZERS); do \
	    $(FUZZ_CC) $(JL_CPPFLAGS) $(JL_CFLAGS) -O1 -g -fsanitize=fuzzer \
	    $(FUZZ_COV) -o $(FUZZ_COV_DIR)/fuzz_$$h fuzz/fuzz_$$h.c \
	    $(FUZZ_DIR)/gen/ailab.c $(FUZZ_COV_DIR)/liblint.a $(DEP_LIBS); done
	FUZZ_BUILD=$(FUZZ_DIR) COV_BUILD=$(FUZZ_COV_DIR) ./fuzz/coverage.sh

# The rule catalog parsed at build time (tools/embed-tree.c, lint/
# embed-tree.h): jlint's start-up no longer runs libyaml over it.  The tool
# is liblint's own YAML layer (yaml.c, mem.c) built for the build machine.
$(BUILD)/tools/embed-tree: tools/embed-tree.c lint/yaml.c lint/mem.c \
    lint/yaml.h lint/mem.h lint/embed-tree.h | deps
	@mkdir -p $(dir $@)
	$(CC) $(JL_CPPFLAGS) -std=c11 $(WARNFLAGS) $(DEP_CFLAGS) -O1 -o $@ \
	    tools/embed-tree.c lint/yaml.c lint/mem.c $(DEP_LIBS)

$(BUILD)/gen/rules-tree.c: $(RULE_FILES) $(BUILD)/tools/embed-tree
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed-tree $@ $(RULE_FILES)

$(BUILD)/gen/default-policy-tree.c: policies/default.yaml $(BUILD)/tools/embed-tree
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed-tree -n jl_default_policy_tree $@ policies/default.yaml

$(BUILD)/liblint.a: $(BUILD)/obj/gen-rules-tree.o \
    $(BUILD)/obj/gen-default-policy-tree.o

.PHONY: bench fuzz-build fuzz fuzz-smoke fuzz-cov

# ---- job_submit plugin (issue 5) -------------------------------------------
# `make` also builds $(BUILD)/job_submit_jlint.so when Slurm's headers are
# installed (tools/deps.sh installs libslurm-dev).  The plugin is liblint
# plus plugin/job_submit_jlint.c and plugin/desc.c (the only files that include
# <slurm/slurm.h>); it is not linked with -lslurm (slurmctld provides the
# slurm_* symbols) and exports only the plugin symbols (version script).
# plugin_version is the installed Slurm's, so rebuild for every Slurm
# release.  `make check` runs tests/slurm/run.sh: a real slurmctld (root).
SLURM_H		?= /usr/include/slurm/slurm.h
SLURM_PLUGINDIR	?= /usr/lib/x86_64-linux-gnu/slurm-wlm
PLUGIN		 = $(BUILD)/job_submit_jlint.so
PLUGIN_OBJS	 = $(BUILD)/obj/plugin/job_submit_jlint.o \
		   $(BUILD)/obj/plugin/hold.o $(BUILD)/obj/plugin/judge.o \
		   $(BUILD)/obj/plugin/later.o \
		   $(BUILD)/obj/plugin/judge-desc.o $(BUILD)/obj/plugin/desc.o \
		   $(BUILD)/obj/plugin/assoc.o $(BUILD)/obj/plugin/hot.o

# A .so loaded into a Slurm program may leave only Slurm's, libc's and
# Lua's symbols undefined: a jlint symbol left out of its objects would
# make dlopen() fail in slurmctld or sbatch (Slurm refuses the command).
so_complete = u=$$(nm -D --undefined-only $(1) | grep -E ' (jl|jlp)_'); \
	if [ -n "$$u" ]; then echo "$(1): undefined jlint symbols:" $$u; \
	rm -f $(1); exit 1; fi

$(BUILD)/obj/plugin/%.o: plugin/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) -Iplugin $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

all: plugin-maybe

# Decided when it runs (after deps), not when the Makefile is read.
plugin-maybe: deps $(BUILD)/liblint.a
	@if [ -z "$(SANFLAGS)" ] && [ -f $(SLURM_H) ]; then \
		$(MAKE) --no-print-directory plugin; fi

plugin: $(PLUGIN)

# The link; PLUGIN_PGO (below) replaces the result when it can.
PLUGIN_LINK = $(CC) $(LDFLAGS) $(SANFLAGS) -shared -o $(1) $(PLUGIN_OBJS) \
	    $(BUILD)/liblint.a $(DEP_LIBS) -lpthread \
	    -Wl,--version-script=plugin/job_submit_jlint.map -Wl,-z,now \
	    -Wl,-z,relro

# Code laid out by a profile (issue 15).  Inside slurmctld every call
# starts on cold caches (a new thread per RPC, munge and the kernel in
# between), so the plugin's cost follows the cache lines its code
# touches; with a profile gcc puts the code each call runs together and
# moves the rest (error paths, other policies' rules) out of those lines:
# 17% fewer instruction cache lines per call, 12% fewer instructions
# (bench/slurm/plugbench.c's miss count, callgrind's cache model).  The
# profile: liblint and the plugin built with -fprofile-generate in
# $(BUILD)/pgo, bench/slurm/plugbench --each over the fixtures' scripts
# (not the benchmark's workloads) under three policies, then built again
# from it with -fprofile-use.  Deterministic: same sources, same
# profile, same code (the hot lines below: the same lines, but their
# order can differ by a few places between two builds, as calls that
# take a path depending on the clock, such as the policy file's stat()
# once a second, touch lines in another order).  If any step fails (a compiler without profile
# support, a warning it gives only with a profile), the plain plugin is
# kept and a line says so.  `make PLUGIN_PGO=` builds it plainly; never
# with sanitizers.  The CLI and the cli_filter plugin are not affected.
PLUGIN_PGO	?= $(if $(SANFLAGS),,yes)
PGO_BUILD	 = $(BUILD)/pgo
PGO_POLICIES	 = policies/ai-lab.yaml policies/default.yaml \
		   fixtures/exempt/policy.yaml
PGO_TRAIN	 = $(sort $(wildcard fixtures/*/*.sh fixtures/*/*/*.sh))
# The profile-guided build's flags, also those of the hot lines' second
# link (below), which must compile exactly the same.  plugin/hot.c's
# profile is deleted first: its table was empty while the profile was
# taken, and the loop over it would be laid out as code that never runs.
PGO_USE_CFLAGS	 = -fprofile-use -fprofile-partial-training -Wno-missing-profile
PGO_SUB		 = $(MAKE) --no-print-directory BUILD=$(PGO_BUILD) PLUGIN_PGO= \
		   STRINGOP_CFLAGS=

$(PLUGIN): $(PLUGIN_OBJS) $(BUILD)/liblint.a plugin/job_submit_jlint.map
ifeq ($(PLUGIN_PGO),yes)
	$(call PLUGIN_LINK,$@.plain)
	@$(call so_complete,$@.plain)
	+@echo "plugin: profile-guided build in $(PGO_BUILD)"; \
	rm -rf $(PGO_BUILD); \
	if $(PGO_SUB) CFLAGS="$(CFLAGS) -fprofile-generate" \
	    LDFLAGS="$(LDFLAGS) -fprofile-generate" \
	    $(PGO_BUILD)/job_submit_jlint.so $(PGO_BUILD)/plugbench \
	    >$(PGO_BUILD).log 2>&1 && \
	    { trained=yes; for p in $(PGO_POLICIES); do \
		$(PGO_BUILD)/plugbench $(PGO_BUILD)/job_submit_jlint.so $$p \
		--each $(PGO_TRAIN) >/dev/null 2>>$(PGO_BUILD).log || \
		trained=; done; [ -n "$$trained" ]; } && \
	    find $(PGO_BUILD) -name '*.o' -delete && \
	    rm -f $(PGO_BUILD)/liblint.a $(PGO_BUILD)/job_submit_jlint.so \
		$(PGO_BUILD)/obj/plugin/hot.gcda && \
	    $(PGO_SUB) CFLAGS="$(CFLAGS) $(PGO_USE_CFLAGS)" \
		$(PGO_BUILD)/job_submit_jlint.so >>$(PGO_BUILD).log 2>&1; \
	then $(PLUGIN_HOT_STEP) \
	mv -f $(PGO_BUILD)/job_submit_jlint.so $@ && rm -f $@.plain; \
	else echo "plugin: the profile-guided build failed (see" \
	    "$(PGO_BUILD).log): $@ built without a profile"; \
	    echo "none: built without a profile" >$@.hot; \
	    mv -f $@.plain $@; fi
else
	$(call PLUGIN_LINK,$@)
	@$(call so_complete,$@)
	@echo "none: built without a profile (PLUGIN_PGO=)" >$@.hot
endif

# Hot lines (plugin/hot.h): the profile-guided plugin traced on the clean
# fixtures (tools/hot-trace.sh: plugbench --trace under valgrind's
# lackey), the lines most calls touch written as plugin/hot.c's table
# (tools/hot-lines.py), the plugin linked again with it; the new .so is
# kept only when every symbol and segment stayed where the trace saw them
# and the table holds at least PLUGIN_HOT_MIN (200) lines, else the
# traced one is kept (bench/slurm/phases.sh builds calls cut short, with
# fewer lines, and sets it to 1).
# Needs valgrind and python3 (without them the table is empty and the
# plugin prefetches nothing).  `make PLUGIN_HOT=` leaves it out.
# $(PLUGIN).hot says what was done ("made N lines", "none: why",
# "failed: which step"); tests/slurm/hot-lines.sh checks a made table
# against a new trace.
ifeq ($(origin PLUGIN_HOT),undefined)
PLUGIN_HOT	:= $(if $(shell command -v valgrind 2>/dev/null),$(if \
		   $(shell command -v python3 2>/dev/null),yes))
endif
PLUGIN_HOT_MIN	?= 200
ifeq ($(PLUGIN_HOT),yes)
PLUGIN_HOT_STEP	 = so=$(PGO_BUILD)/job_submit_jlint.so h=$(PGO_BUILD)/hot; \
	log=$(PGO_BUILD).log; back=; \
	layout() { nm "$$1" && readelf -lW "$$1"; }; \
	if ! cp $$so $$h.so || ! layout $$so >$$h.map; then \
		why="could not copy the traced plugin"; \
	elif back=yes && ! tools/hot-trace.sh $$so $(PGO_BUILD)/plugbench \
	    $$h >>$$log 2>&1; then why="the trace (tools/hot-trace.sh)"; \
	elif ! python3 tools/hot-lines.py $$h $$so >$$h.inc 2>>$$log; then \
		why="tools/hot-lines.py"; \
	elif ! $(PGO_SUB) CFLAGS="$(CFLAGS) $(PGO_USE_CFLAGS)" \
	    PLUGIN_HOT_INC=$$h.inc $$so >>$$log 2>&1; then \
		why="the second link"; \
	elif ! layout $$so | cmp -s - $$h.map; then \
		why="the second link moved symbols or segments"; \
	elif n=$$(python3 tools/hot-lines.py --table $$so | wc -l) && \
	    [ "$$n" -lt $(PLUGIN_HOT_MIN) ]; then why="a table of $$n lines"; \
	else why=; fi; rm -f $$h/lackey.log; \
	if [ -z "$$why" ]; then echo "made $$n lines" >$@.hot; else \
		if [ -n "$$back" ]; then mv -f $$h.so $$so; fi; \
		echo "failed: $$why (see $$log)" >$@.hot; fi; \
	echo "plugin: hot lines (plugin/hot.h): $$(cat $@.hot)";
else
PLUGIN_HOT_STEP	 = echo "none: PLUGIN_HOT=$(PLUGIN_HOT) (made when valgrind" \
	    "and python3 are there when make starts)" >$@.hot;
endif
ifneq ($(PLUGIN_HOT_INC),)
$(BUILD)/obj/plugin/hot.o: $(PLUGIN_HOT_INC)
$(BUILD)/obj/plugin/hot.o: JL_CPPFLAGS += \
	-DJLP_HOT_FILE='"$(abspath $(PLUGIN_HOT_INC))"'
endif

# The training driver of PLUGIN_PGO (bench/slurm/plugbench.c's header).
$(BUILD)/plugbench: bench/slurm/plugbench.c
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -rdynamic -o $@ $< -ldl -lpthread

# A new inode (install to a temp name, then mv): overwriting a .so that
# slurmctld has mapped can crash it.  Restart slurmctld to load it.
install-plugin: plugin
	install -d $(DESTDIR)$(SLURM_PLUGINDIR)
	install -m 0755 $(PLUGIN) \
	    $(DESTDIR)$(SLURM_PLUGINDIR)/.job_submit_jlint.so.new
	mv -f $(DESTDIR)$(SLURM_PLUGINDIR)/.job_submit_jlint.so.new \
	    $(DESTDIR)$(SLURM_PLUGINDIR)/job_submit_jlint.so

# ---- cli_filter plugin (issue 14) -----------------------------------------
# $(BUILD)/cli_filter_jlint.so (CliFilterPlugins=jlint), built and
# installed with the job_submit plugin: liblint plus the shared policy
# holder and judge; loaded into sbatch, salloc and srun (libslurmfull
# provides the slurm_* symbols, so no -lslurm either).
CLIF_PLUGIN	 = $(BUILD)/cli_filter_jlint.so
CLIF_OBJS	 = $(BUILD)/obj/plugin/cli_filter_jlint.o \
		   $(BUILD)/obj/plugin/hold.o $(BUILD)/obj/plugin/judge.o \
		   $(BUILD)/obj/plugin/later.o $(BUILD)/obj/plugin/assoc.o

plugin: $(CLIF_PLUGIN)

$(CLIF_PLUGIN): $(CLIF_OBJS) $(BUILD)/liblint.a plugin/cli_filter_jlint.map
	$(CC) $(LDFLAGS) $(SANFLAGS) -shared -o $@ $(CLIF_OBJS) \
	    $(BUILD)/liblint.a $(DEP_LIBS) -lpthread \
	    -Wl,--version-script=plugin/cli_filter_jlint.map -Wl,-z,now \
	    -Wl,-z,relro
	@$(call so_complete,$@)

install-plugin: install-cli-filter
install-cli-filter: plugin
	install -d $(DESTDIR)$(SLURM_PLUGINDIR)
	install -m 0755 $(CLIF_PLUGIN) \
	    $(DESTDIR)$(SLURM_PLUGINDIR)/.cli_filter_jlint.so.new
	mv -f $(DESTDIR)$(SLURM_PLUGINDIR)/.cli_filter_jlint.so.new \
	    $(DESTDIR)$(SLURM_PLUGINDIR)/cli_filter_jlint.so
.PHONY: install-cli-filter

# Real Slurm: sbatch, salloc and srun with CliFilterPlugins=jlint next to
# JobSubmitPlugins=jlint (tests/slurm-clifilter/run.sh; root; takes the
# cluster lock).  Part of check-slurm, so `make check` and every release
# of tests/versions/run.sh run it.
check-slurm: check-slurm-clifilter
check-slurm-clifilter: check-deps all plugin
	@echo "== slurm-clifilter"; BUILD=$(BUILD) ./tests/slurm-clifilter/run.sh
.PHONY: check-slurm-clifilter

$(BUILD)/tests/slurm/t_desc.o $(BUILD)/tests/slurm/t_plugin.o: JL_CPPFLAGS += -Iplugin
$(BUILD)/tests/slurm/t_desc: $(BUILD)/tests/slurm/t_desc.o \
    $(BUILD)/obj/plugin/desc.o $(BUILD)/liblint.a
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(DEP_LIBS) $(CMOCKA_LIBS)

# Messages for the user cut to the width (jlp_wrap, plugin/judge.c); the
# test stands in for hold.c and slurmctld's log functions.
$(BUILD)/tests/slurm/t_wrap.o: JL_CPPFLAGS += -Iplugin
$(BUILD)/tests/slurm/t_wrap: $(BUILD)/tests/slurm/t_wrap.o \
    $(BUILD)/obj/plugin/judge.o $(BUILD)/obj/plugin/later.o \
    $(BUILD)/liblint.a
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(DEP_LIBS) $(CMOCKA_LIBS) \
	    -lpthread

# The plugin dlopen()ed by a fake controller (tests/slurm/t_plugin.c
# provides slurmctld's exports): allocator contract, reloads, threads.
$(BUILD)/tests/slurm/t_plugin: $(BUILD)/tests/slurm/t_plugin.o
	$(CC) $(LDFLAGS) -rdynamic -o $@ $^ -lpthread

# Real Slurm: installs slurmctld/slurmd/munge when missing (root), starts
# a one-node cluster in a scratch directory, submits with sbatch/srun.
# Not under sanitizers (an ASan .so cannot load into slurmctld).
check-slurm: check-deps all plugin $(BUILD)/tests/slurm/t_desc \
    $(BUILD)/tests/slurm/t_plugin $(BUILD)/tests/slurm/t_wrap
	@echo "== $(BUILD)/tests/slurm/t_desc"; ./$(BUILD)/tests/slurm/t_desc
	@echo "== $(BUILD)/tests/slurm/t_wrap"; ./$(BUILD)/tests/slurm/t_wrap
	@echo "== $(BUILD)/tests/slurm/t_plugin"; d=$$(mktemp -d) && \
	    ./$(BUILD)/tests/slurm/t_plugin $(PLUGIN) $$d && \
	    if command -v valgrind >/dev/null 2>&1; then \
		echo "== t_plugin under valgrind"; T_PLUGIN_ITERS=20 \
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
		    --show-possibly-lost=no \
		    --error-exitcode=1 ./$(BUILD)/tests/slurm/t_plugin \
		    $(PLUGIN) $$d; fi; rc=$$?; rm -rf $$d; exit $$rc
	@echo "== hot lines"; BUILD=$(BUILD) ./tests/slurm/hot-lines.sh
	@echo "== slurm"; BUILD=$(BUILD) ./tests/slurm/run.sh
	@echo "== slurm-trust"; BUILD=$(BUILD) ./tests/slurm-trust/run.sh

ifeq ($(SANFLAGS),)
check: check-slurm
endif

-include $(wildcard $(BUILD)/tests/slurm/*.d $(BUILD)/obj/plugin/*.d)
.PHONY: plugin plugin-maybe install-plugin check-slurm

# ---- Lua module for job_submit.lua (issue 14) ------------------------------
# $(BUILD)/jlint.so: `local jlint = require("jlint")` in a site's
# job_submit.lua (plugin/lua_jlint.c).  liblint plus plugin/hold.c,
# judge.c and desc.c, like the job_submit plugin; no -lslurm and no -llua
# (slurmctld and its job_submit_lua.so provide those symbols); exports
# luaopen_jlint alone.  Built against the Lua that the installed
# job_submit_lua.so links (Debian 12, 13 and sid: liblua5.1; a module
# built for another Lua would crash), 5.1 when it is not installed.
# install-plugin puts it in /usr/local/lib/lua/$(LUA_VER), which is in the
# default package.cpath of Debian's Lua, so require("jlint") finds it.
JOB_SUBMIT_LUA	?= $(SLURM_PLUGINDIR)/job_submit_lua.so
LUA_VER		?= $(shell v=$$(readelf -d $(JOB_SUBMIT_LUA) 2>/dev/null | \
		    sed -n 's/.*liblua\([0-9]\.[0-9]\).*/\1/p' | head -1); \
		    echo $${v:-5.1})
LUA_CFLAGS	?= $(shell pkg-config --cflags lua$(LUA_VER) 2>/dev/null || \
		    echo -I/usr/include/lua$(LUA_VER))
LUA_CMOD_DIR	?= /usr/local/lib/lua/$(LUA_VER)
LUAMOD		 = $(BUILD)/jlint.so
LUAMOD_OBJS	 = $(BUILD)/obj/plugin/lua_jlint.o $(BUILD)/obj/plugin/hold.o \
		   $(BUILD)/obj/plugin/judge.o $(BUILD)/obj/plugin/later.o \
		   $(BUILD)/obj/plugin/judge-desc.o $(BUILD)/obj/plugin/desc.o \
		   $(BUILD)/obj/plugin/assoc.o

$(BUILD)/obj/plugin/lua_jlint.o: JL_CPPFLAGS += $(LUA_CFLAGS)

plugin: $(LUAMOD)

$(LUAMOD): $(LUAMOD_OBJS) $(BUILD)/liblint.a plugin/lua_jlint.map
	$(CC) $(LDFLAGS) $(SANFLAGS) -shared -o $@ $(LUAMOD_OBJS) \
	    $(BUILD)/liblint.a $(DEP_LIBS) -lpthread \
	    -Wl,--version-script=plugin/lua_jlint.map -Wl,-z,now \
	    -Wl,-z,relro -Wl,-z,nodelete
	@$(call so_complete,$@)

install-plugin: install-luamod
install-luamod: $(LUAMOD)
	install -d $(DESTDIR)$(LUA_CMOD_DIR)
	install -m 0644 $(LUAMOD) $(DESTDIR)$(LUA_CMOD_DIR)/.jlint.so.new
	mv -f $(DESTDIR)$(LUA_CMOD_DIR)/.jlint.so.new \
	    $(DESTDIR)$(LUA_CMOD_DIR)/jlint.so

# A host for the module without slurmctld: liblua plus what slurmctld
# exports (tests/slurm-lua/t_lua.c), running tests/slurm-lua/t_lua.lua.
$(BUILD)/tests/slurm-lua/t_lua.o: JL_CPPFLAGS += -Iplugin $(LUA_CFLAGS)
$(BUILD)/tests/slurm-lua/t_lua: $(BUILD)/tests/slurm-lua/t_lua.o
	$(CC) $(LDFLAGS) -rdynamic -o $@ $< -llua$(LUA_VER) -ldl -lpthread

# Real Slurm: JobSubmitPlugins=lua with a site-style job_submit.lua that
# requires jlint; verdicts compared with the job_submit plugin's.
check-slurm-lua: check-deps all plugin $(BUILD)/tests/slurm-lua/t_lua
	@echo "== $(BUILD)/tests/slurm-lua/t_lua"; d=$$(mktemp -d) && \
	    ./$(BUILD)/tests/slurm-lua/t_lua $(LUAMOD) \
	    tests/slurm-lua/t_lua.lua $$d >$$d/out && \
	    tail -1 $$d/out && if command -v valgrind >/dev/null; then \
		echo "== t_lua under valgrind"; valgrind -q --leak-check=full \
		    --errors-for-leak-kinds=definite --error-exitcode=1 \
		    ./$(BUILD)/tests/slurm-lua/t_lua $(LUAMOD) \
		    tests/slurm-lua/t_lua.lua $$d >$$d/out; fi; \
	    rc=$$?; [ $$rc = 0 ] || cat $$d/out; rm -rf $$d; exit $$rc
	@echo "== slurm-lua"; BUILD=$(BUILD) ./tests/slurm-lua/run.sh

ifeq ($(SANFLAGS),)
check: check-slurm-lua
endif

# Real accounting (issue 17.5): MariaDB and slurmdbd (tools/deps.sh acct)
# started by hand in a scratch directory, slurmctld with
# accounting_storage/slurmdbd, users whose default account is or is not
# exempt; the job_submit plugin and the Lua module must resolve the
# account as slurmctld does (tests/slurm-acct/run.sh; root; cluster lock).
check-slurm-acct: check-deps all plugin
	@echo "== slurm-acct"; BUILD=$(BUILD) ./tests/slurm-acct/run.sh

ifeq ($(SANFLAGS),)
check: check-slurm-acct
endif
.PHONY: check-slurm-acct

-include $(wildcard $(BUILD)/tests/slurm-lua/*.d)
.PHONY: install-luamod check-slurm-lua

# --- The command people live with (issue 4): formats, suppressions,
# --- jlint test, fixes, SARIF, pre-commit, man pages, install. ----------
MANDIR		?= $(PREFIX)/share/man
DATADIR		?= $(PREFIX)/share/jlint
BASHCOMPDIR	?= $(PREFIX)/share/bash-completion/completions

check: check-cli2
# The repository's fixtures through `jlint test`, the CLI contracts, SARIF
# against the official schema (fetched from npm at test time), real
# pre-commit in a scratch repository, and `make install` into a DESTDIR.
check-cli2: check-deps all
	@echo "== jlint test fixtures"; ./$(BUILD)/jlint test fixtures
	@echo "== cli2"; JLINT=$(BUILD)/jlint ./tests/t_cli2.sh
	@echo "== sarif"; JLINT=$(BUILD)/jlint ./tests/t_sarif.sh
	@echo "== exemptions"; JLINT=$(BUILD)/jlint ./tests/t_exempt.sh
	@echo "== report"; JLINT=$(BUILD)/jlint ./tests/t_report.sh
	@echo "== pre-commit"; JLINT=$(BUILD)/jlint ./tests/t_precommit.sh
	@echo "== install"; BUILD=$(BUILD) ./tests/t_install.sh

check: check-lsp
# jlint lsp: the protocol driven from python3, then Neovim's own client.
check-lsp: check-deps all
	@echo "== lsp"; JLINT=$(BUILD)/jlint python3 tests/t_lsp.py
	@echo "== lsp-nvim"; JLINT=$(BUILD)/jlint ./tests/t_lsp_nvim.sh
.PHONY: check-lsp

# The JSON Schema of policy files, generated from the loader's key table.
schema: all
	./$(BUILD)/jlint policy schema > schema/jlint-policy.schema.json
check: check-schema
check-schema: check-deps all
	@echo "== schema"; JLINT=$(BUILD)/jlint python3 tests/t_schema.py
.PHONY: schema check-schema

# The rule language reference: docs/expressions.md and jlint-policy(5)'s
# EXPRESSIONS, from docs/expr-reference.yaml and the field table.
expr-docs: all
	JLINT=$(BUILD)/jlint python3 tools/expr-docs.py docs/expressions.md \
	    man/jlint-policy.5
.PHONY: expr-docs

# docs/rules/SLUG.md, generated from rules/*.yaml (SARIF's helpUri).
rule-pages: all
	JLINT=$(BUILD)/jlint python3 tools/rule-pages.py docs/rules
check: check-docs
check-docs: check-deps all
	@echo "== docs"; JLINT=$(BUILD)/jlint ./tests/t_docs.sh
	@echo "== init"; JLINT=$(BUILD)/jlint ./tests/t_init.sh
	@echo "== complete"; JLINT=$(BUILD)/jlint ./tests/t_complete.sh
	@echo "== expr-docs"; JLINT=$(BUILD)/jlint python3 tests/t_expr_docs.py
.PHONY: rule-pages check-docs

# README's rule table, generated from the rules.
readme-rules: all
	./$(BUILD)/jlint --isolated rules --format markdown > $(BUILD)/rules.md
	awk -v t=$(BUILD)/rules.md '/^<!-- rules:end/ { while ((getline l < t) > 0) print l; skip = 0 } !skip { print } /^<!-- rules:begin/ { skip = 1 }' README.md > $(BUILD)/README.md
	mv $(BUILD)/README.md README.md

install: install-data
install-data: all
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(DATADIR)/policies \
	    $(DESTDIR)$(DATADIR)/rules
	install -m 0644 man/jlint.1 $(DESTDIR)$(MANDIR)/man1/jlint.1
	install -m 0644 man/jlint-policy.5 $(DESTDIR)$(MANDIR)/man5/jlint-policy.5
	install -m 0644 completion/jlint.bash $(DESTDIR)$(BASHCOMPDIR)/jlint
	install -m 0644 policies/*.yaml $(DESTDIR)$(DATADIR)/policies/
	install -m 0644 rules/*.yaml $(DESTDIR)$(DATADIR)/rules/
	install -m 0644 schema/jlint-policy.schema.json $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(DATADIR)/docs/rules
	install -m 0644 docs/rules/*.md $(DESTDIR)$(DATADIR)/docs/rules/
.PHONY: check-cli2 readme-rules install-data

# ---- Live cluster facts and queue audit (issue 6) -------------------------
# cmd/cluster.c and cmd/cmd-audit.c (libslurm, CLUSTER_SRCS above): the
# jlint command dlopen()s libslurm for them (cmd/slurm-dl.h); liblint.a
# never uses it.  The
# library-free halves (lint/facts.c, lint/merge.c) are in liblint and
# tests/t_merge.c tests them without a cluster; cmd/jlint.c dispatches
# `jlint facts`, `jlint audit` and --cluster to them.  check-cluster starts
# its own slurmctld (tests/slurm-audit/run.sh: own munged, own port range
# 7117-7317, own scratch directory, no slurmd), so it can run next to
# tests/slurm/run.sh; it also runs under check-asan.
check: check-cluster
check-cluster: check-deps all
	@echo "== slurm-audit"; BUILD=$(BUILD) SANFLAGS='$(SANFLAGS)' \
	    ./tests/slurm-audit/run.sh

-include $(wildcard $(BUILD)/tests/slurm-audit/*.d)
.PHONY: check-cluster

# ---- the body reader against real bash (tests/body-diff/run.py) ------------
# Generated bodies run by bash with the launchers replaced by a recorder;
# jlint's steps must be exactly what bash ran.  JLINT_BODY_N scripts
# (default 400), JLINT_BODY_SEED.
check: check-body-diff
check-body-diff: check-deps all
	@echo "== body-diff (jlint's steps vs real bash)"; \
	    python3 tests/body-diff/run.py --jlint $(BUILD)/jlint \
	    --n $${JLINT_BODY_N:-400} --seed $${JLINT_BODY_SEED:-20261206}
.PHONY: check-body-diff

# ---- valgrind memcheck over the CLI on every fixture (issue 7) -------------
# Not under sanitizers (valgrind and ASan do not mix).
check: check-valgrind
check-valgrind: check-deps all
	@if [ -z "$(SANFLAGS)" ]; then \
		echo "== valgrind (CLI on every fixture)"; \
		JLINT=$(BUILD)/jlint ./tests/valgrind-fixtures.sh; fi
.PHONY: check-valgrind

# ---- jlint's rejection claims against real sbatch (issue 10) ---------------
# tests/slurm-diff/run.sh starts the one-node test Slurm of
# tests/slurm/lib.sh (same lock as check-slurm) and, once per
# EnforcePartLimits value, lints and submits (sbatch --test-only) a seeded
# sample of option combinations; it fails on any "rejects"/"can never
# start" claim real Slurm does not confirm and prints the agreement
# figures.  JLINT_DIFF_N (cases per value, default 800) and
# JLINT_DIFF_SEED select the sample.  Not under sanitizers (time).
check: check-diff
check-diff: check-deps all
	@if [ -z "$(SANFLAGS)" ]; then echo "== slurm-diff"; \
		BUILD=$(BUILD) ./tests/slurm-diff/run.sh; fi
.PHONY: check-diff

# ---- A bare Debian 12 (issue 11) --------------------------------------------
# README's two Quick start commands, verbatim, as root in a fresh
# debootstrap minbase root (the pristine root is cached as a tarball in
# /var/cache/jlint/roots, rebuilt weekly; tools/debroot.sh) on the committed
# tree (git archive HEAD).  About 5 minutes; holds the Slurm test lock
# while the suite runs inside.
check-fresh:
	./tests/fresh/run.sh
.PHONY: check-fresh

# ---- Slurm releases (issue 13) ----------------------------------------------
# The build and the real-Slurm suites (tests/slurm, tests/slurm-audit) in a
# fresh root per release: bookworm 22.05, trixie 24.11, sid 26.05 (Debian's
# packages; tools/debroot.sh as check-fresh).  SUITES="trixie" for one.
check-slurm-versions:
	./tests/versions/run.sh $(SUITES)
.PHONY: check-slurm-versions
