#!/bin/bash
# tests/t_complete.sh: jlint(1) and the bash completion cover every command
# and flag of the command table.  The commands, global options and audit
# options are read from the program itself (jlint -h prints the command
# table's usage lines and the option list; jlint audit -h, rules and
# policy's words from their usage lines; releases from jlint policy
# schema); the completion is exercised through bash's own completion
# function, the man page through its roff source.
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
MAN=man/jlint.1
fail=0
n=0
bad() { echo "FAIL complete: $*"; fail=1; }
# shellcheck source=/dev/null
. completion/jlint.bash
# complete WORD... : what bash offers for the last word.
complete_words() {
	COMP_WORDS=(jlint "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_jlint
	printf '%s\n' "${COMPREPLY[@]}"
}
# roff for a flag as the man page writes it: --show-policy -> \-\-show\-policy
roff() { printf '%s' "$1" | sed 's/-/\\\\-/g'; }
in_man() { grep -q -- "$(roff "$1")" "$MAN"; }

help=$("$JLINT" -h)
usage=$(printf '%s\n' "$help" | sed '/^$/q')
# Commands: the word after "jlint [options]" in each usage line.
cmds=$(printf '%s\n' "$usage" | sed -n 's/^\(usage:\)\{0,1\} *jlint \(\[options\] \)\{0,1\}\([a-z][a-z-]*\).*/\3/p' | sort -u)
[ "$(printf '%s\n' "$cmds" | wc -l)" -ge 10 ] || bad "commands from jlint -h: $cmds"
offered=$(complete_words "")
for c in $cmds; do
	n=$((n + 1))
	printf '%s\n' "$offered" | grep -qx "$c" || bad "completion does not offer the command $c"
	grep -q "^\.B.* $c\$\|^\.B $c\b\|^\.BI\? \"\?$c\b\|^\.B jlint $c" "$MAN" || bad "jlint.1 has no $c"
done
# Global options: every --long in jlint -h's option list.
opts=$(printf '%s\n' "$help" | grep '^  *-' | grep -o -- '--[a-z][a-z-]*' | sort -u)
[ "$(printf '%s\n' "$opts" | wc -l)" -ge 14 ] || bad "options from jlint -h: $opts"
offered=$(complete_words "--")
for o in $opts; do
	n=$((n + 1))
	[ "$o" = --colour ] && continue
	printf '%s\n' "$offered" | grep -qx -- "$o" || bad "completion does not offer $o"
	in_man "$o" || bad "jlint.1 does not document $o"
done
# audit's options.
aopts=$("$JLINT" audit -h 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u)
offered=$(complete_words audit "--")
for o in $aopts; do
	n=$((n + 1))
	printf '%s\n' "$offered" | grep -qx -- "$o" || bad "completion does not offer audit $o"
	in_man "$o" || bad "jlint.1 does not document audit $o"
done
# report's options.
ropts=$("$JLINT" report -h 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u)
offered=$(complete_words report "--")
for o in $ropts; do
	n=$((n + 1))
	printf '%s\n' "$offered" | grep -qx -- "$o" || bad "completion does not offer report $o"
	in_man "$o" || bad "jlint.1 does not document report $o"
done
# Words of rules --format, policy, lsp.
rfmt=$(printf '%s\n' "$help" | sed -n 's/.*jlint rules \[--format \([a-z|]*\)\].*/\1/p' | tr '|' ' ')
[ -n "$rfmt" ] || bad "no rules formats in jlint -h"
for w in $rfmt; do
	n=$((n + 1))
	complete_words rules --format "" | grep -qx "$w" || bad "completion: rules --format $w"
	grep -q "$w" "$MAN" || bad "jlint.1: rules --format $w"
done
for w in $(printf '%s\n' "$usage" | grep -o 'policy [a-z]*' | awk '{print $2}' | sort -u); do
	n=$((n + 1))
	complete_words policy "" | grep -qx "$w" || bad "completion: policy $w"
	grep -q "policy $w" "$MAN" || bad "jlint.1: policy $w"
done
for w in $(printf '%s\n' "$help" | sed -n 's/.*lsp \[\(--[a-z]*\)\].*/\1/p'); do
	n=$((n + 1))
	complete_words lsp "" | grep -qx -- "$w" || bad "completion: lsp $w"
	in_man "$w" || bad "jlint.1: lsp $w"
done
# Formats of --format and the releases of --slurm-version.
for w in $(printf '%s\n' "$help" | sed -n 's/.*-f, --format FMT *\(.*\)/\1/p' | tr -d ',' | sed 's/(default)//'); do
	n=$((n + 1))
	complete_words --format "" | grep -qx "$w" || bad "completion: --format $w"
done
rels=$("$JLINT" policy schema | python3 -c 'import json,re,sys; p=json.load(sys.stdin)["properties"]["slurm_version"]["pattern"]; print(" ".join(r.replace("\\.", ".") for r in re.match(r"^\^\(([^)]*)\)", p).group(1).split("|")))')
[ "$(complete_words --slurm-version "" | tr '\n' ' ' | sed 's/ $//')" = "$rels" ] ||
    bad "completion's releases are not $rels"
n=$((n + 1))
[ $fail = 0 ] && echo "complete: $n commands, flags and words in jlint.1 and the completion, ok"
exit $fail
