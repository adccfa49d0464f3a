# bash completion for jlint(1).  Installed as
# $(PREFIX)/share/bash-completion/completions/jlint; rule slugs come from
# `jlint rules --format slugs`, so site rules complete too.  Every command
# and flag of jlint -h, jlint audit -h and jlint report -h is here (tests/t_complete.sh).
_jlint()
{
	local cur prev i cmd="" sub=""
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=""
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		sbatch|parse|rules|explain|test|policy|facts|audit|lsp|init|report)
			cmd=${COMP_WORDS[i]}
			[ $((i + 1)) -lt "$COMP_CWORD" ] && sub=${COMP_WORDS[i+1]}
			break ;;
		esac
	done
	if [ "$cmd" = report ]; then
		case $prev in
		-f|--format)
			COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
		--since|--until)
			return ;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--since --until --format --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return
	fi
	if [ "$cmd" = audit ]; then
		case $prev in
		-f|--format)
			COMPREPLY=($(compgen -W "text json csv" -- "$cur")); return ;;
		--table)
			COMPREPLY=($(compgen -W "jobs rules" -- "$cur")); return ;;
		-p|--policy)
			COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur")); return ;;
		-u|--user)
			COMPREPLY=($(compgen -u -- "$cur")); return ;;
		-P|--partition)
			return ;;
		esac
		COMPREPLY=($(compgen -W "--pending --running --user --partition
		    --policy --cluster --format --table --no-progress --help" -- "$cur"))
		return
	fi
	case $prev in
	-f|--format)
		if [ "$cmd" = rules ]; then
			COMPREPLY=($(compgen -W "text json markdown slugs" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "text gcc json sarif github" -- "$cur"))
		fi
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "error warning info" -- "$cur")); return ;;
	--color|--colour)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--slurm-version)
		COMPREPLY=($(compgen -W "22.05 23.02 23.11 24.05 24.11 25.05 25.11 26.05" -- "$cur")); return ;;
	-p|--policy)
		COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur")); return ;;
	--stdin-filename)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	case $cmd in
	explain)
		COMPREPLY=($(compgen -W "$(jlint rules --format slugs 2>/dev/null)" -- "$cur")); return ;;
	policy)
		if [ "$prev" = policy ]; then
			COMPREPLY=($(compgen -W "check schema fields" -- "$cur"))
		elif [ "$sub" = check ]; then
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return ;;
	test|init)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	lsp)
		COMPREPLY=($(compgen -W "--stdio" -- "$cur")); return ;;
	facts)
		COMPREPLY=($(compgen -W "--help" -- "$cur")); return ;;
	rules)
		COMPREPLY=($(compgen -W "--format" -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "--format --fail-on --color --policy --isolated
		    --cluster --show-policy --fix --diff --job-scripts-only
		    --slurm-version --stdin-filename --help --version" -- "$cur"))
		return
	fi
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "sbatch parse rules explain test policy facts
		    audit lsp init report" -- "$cur") $(compgen -f -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _jlint jlint
