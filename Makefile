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
JL_CFLAGS   = -std=c11 -fPIC $(WARNFLAGS) $(DEP_CFLAGS) $(SANFLAGS)

NOTLIB	 := lint/cli.c lint/job_submit_jlint.c
LIB_SRCS := $(filter-out $(NOTLIB),$(wildcard lint/*.c))
LIB_OBJS := $(patsubst lint/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
# Files compiled into the binary: the rule catalog and the default policy.
RULE_FILES := $(sort $(wildcard rules/*.yaml))
GEN_OBJS := $(BUILD)/obj/gen-rules.o $(BUILD)/obj/gen-default-policy.o
LIB_OBJS += $(GEN_OBJS)
TEST_SRCS := $(wildcard tests/t_*.c)
TESTS	 := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

all: deps $(BUILD)/jlint

deps:
	@./tools/deps.sh

$(BUILD)/obj/%.o: lint/%.c
	@mkdir -p $(dir $@)
	$(CC) $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/rules.c: $(RULE_FILES) tools/embed-files.sh
	@mkdir -p $(dir $@)
	./tools/embed-files.sh $@ $(RULE_FILES)

$(BUILD)/gen/default-policy.c: policies/default.yaml tools/embed.sh
	@mkdir -p $(dir $@)
	./tools/embed.sh policies/default.yaml $@ jl_default_policy

$(BUILD)/obj/gen-%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(JL_CPPFLAGS) $(CPPFLAGS) $(JL_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/liblint.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/jlint: $(BUILD)/obj/cli.o $(BUILD)/liblint.a
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(DEP_LIBS)

$(BUILD)/tests/t_%: $(BUILD)/tests/t_%.o $(BUILD)/liblint.a
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(DEP_LIBS) $(CMOCKA_LIBS)

# Every test binary, then the golden fixtures through the real CLI.
check: all $(TESTS)
	@./tools/deps.sh python3
	@set -e; for t in $(TESTS); do echo "== $$t"; ./$$t; done
	@echo "== fixtures"; JLINT=$(BUILD)/jlint python3 tests/run-fixtures.py
	@echo "== cli"; JLINT=$(BUILD)/jlint ./tests/cli.sh

SANFLAGS_ASAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all
check-asan:
	$(MAKE) BUILD=build/asan CFLAGS='-O1 -g' SANFLAGS='$(SANFLAGS_ASAN)' check

fixtures-update: all
	JLINT=$(BUILD)/jlint python3 tests/run-fixtures.py -u

install: all
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD)/jlint $(DESTDIR)$(BINDIR)/jlint

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)
.PHONY: all deps check check-asan fixtures-update install clean
.SECONDARY:
