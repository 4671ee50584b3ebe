#!/bin/sh
# --help, the man page and the three completion scripts agree on which
# commands exist, which options exist and which options apply to which
# command; the values an option's argument takes (--format, --lang, ...)
# agree between the parser, the completions and the man page.
#   agreement.sh MAILCFG MAN.scd BASH ZSH FISH
# The source of truth is the program: 'mailcfg --help' and 'mailcfg help
# COMMAND', both printed from the option table in src/cli/options.c. Every
# difference is listed as what is missing where, and the test fails.
set -u
mailcfg=$1 man=$2 bash_script=$3 zsh_script=$4 fish_script=$5
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# the man page is English: the program must answer in English, whatever
# the caller's locale
export LANG=C MAILCFG_OFFLINE=1
unset LC_ALL LC_MESSAGES

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# --- the truth: the program's help -------------------------------------------
# options of a help text: "  -h, --help ..." or "      --format FORMAT ..."
help_options() {
	grep -E '^ +(-[A-Za-z], )?--[a-z0-9-]+' | sed -E 's/^ +//; s/ .*//; s/,$//' |
		sed -E 's/^(-[A-Za-z])$/\1/'
}
"$mailcfg" --help >"$tmp/help" || fail "'mailcfg --help' exited $?"
awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }' "$tmp/help" |
	sort -u >"$tmp/help.commands"
[ -s "$tmp/help.commands" ] || fail "'mailcfg --help' lists no commands under 'Commands:'"
# every option, short and long: "-h" and "--help" are separate entries
grep -E '^ +(-[A-Za-z], )?--[a-z0-9-]+' "$tmp/help" |
	grep -oE '(^ +-[A-Za-z],|--[a-z0-9-]+)' | sed -E 's/^ +//; s/,$//' | sort -u >"$tmp/help.options"
: >"$tmp/help.percommand"
while read -r c; do
	"$mailcfg" help "$c" >"$tmp/help.$c" || fail "'mailcfg help $c' exited $?"
	grep -E '^ +(-[A-Za-z], )?--[a-z0-9-]+' "$tmp/help.$c" |
		grep -oE '(^ +-[A-Za-z],|--[a-z0-9-]+)' | sed -E 's/^ +//; s/,$//' |
		sed "s/^/$c /" >>"$tmp/help.percommand"
done <"$tmp/help.commands"
sort -u -o "$tmp/help.percommand" "$tmp/help.percommand"

# compare TRUTH-FILE OTHER-FILE WHAT WHERE
compare() {
	missing=$(comm -23 "$1" "$2" | tr '\n' ' ')
	extra=$(comm -13 "$1" "$2" | tr '\n' ' ')
	[ -z "$missing" ] || fail "$4: $3 in --help but missing: $missing"
	[ -z "$extra" ] || fail "$4: $3 not in --help (remove them, or add them to the program): $extra"
}

# --- the man page (scdoc source) ---------------------------------------------
# COMMANDS: entries "*name* ..."; OPTIONS: entries "*-x*, *--name* _ARG_" with
# a last line "Applies to: every command." or "Applies to: *lookup*, *list*."
awk '/^# / { sec = $0; next }
     sec == "# COMMANDS" && /^\*[a-z-]+\*/ { s = $0; sub(/^\*/, "", s); sub(/\*.*/, "", s); print s }' \
	"$man" | sort -u >"$tmp/man.commands"
awk '/^# / { sec = $0; next }
     sec != "# OPTIONS" { next }
     /^\*-/ {
	opts = ""
	line = $0
	while (match(line, /\*-[-A-Za-z0-9]+\*/)) {
		opts = opts " " substr(line, RSTART + 1, RLENGTH - 2)
		line = substr(line, RSTART + RLENGTH)
	}
	n = split(opts, cur, " ")
	for (i = 1; i <= n; i++) print "ALL " cur[i]
	next
     }
     /^\tApplies to:/ {
	if ($0 ~ /every command/) { for (i = 1; i <= n; i++) print "EVERY " cur[i]; next }
	line = $0
	while (match(line, /\*[a-z-]+\*/)) {
		c = substr(line, RSTART + 1, RLENGTH - 2)
		for (i = 1; i <= n; i++) print c " " cur[i]
		line = substr(line, RSTART + RLENGTH)
	}
     }' "$man" >"$tmp/man.raw"
awk '$1 == "ALL" { print $2 }' "$tmp/man.raw" | sort -u >"$tmp/man.options"
{
	awk '$1 != "ALL" && $1 != "EVERY"' "$tmp/man.raw"
	awk '$1 == "EVERY" { print $2 }' "$tmp/man.raw" | while read -r o; do
		sed "s/\$/ $o/" "$tmp/help.commands"
	done
} | sort -u >"$tmp/man.percommand"
# every option entry needs an "Applies to:" line
awk '$1 == "ALL" { print $2 }' "$tmp/man.raw" | sort -u >"$tmp/a"
awk '$1 != "ALL" { print $2 }' "$tmp/man.raw" | sort -u >"$tmp/b"
noapply=$(comm -23 "$tmp/a" "$tmp/b" | tr '\n' ' ')
[ -z "$noapply" ] || fail "man page ($man): option entries without an 'Applies to:' line: $noapply"
compare "$tmp/help.commands" "$tmp/man.commands" "commands" "man page ($man, section COMMANDS)"
compare "$tmp/help.options" "$tmp/man.options" "options" "man page ($man, section OPTIONS)"
compare "$tmp/help.percommand" "$tmp/man.percommand" \
	"'COMMAND OPTION' pairs (from 'mailcfg help COMMAND')" "man page ($man, 'Applies to:' lines)"

# --- bash: per command "CMD) options='...' ;;" ----------------------------------
sed -nE "s/^\t\t([a-z-]+)\) options='([^']*)' ;;$/\1 \2/p" "$bash_script" >"$tmp/bash.raw"
cut -d' ' -f1 "$tmp/bash.raw" | sort -u >"$tmp/bash.commands"
awk '{ for (i = 2; i <= NF; i++) print $1 " " $i }' "$tmp/bash.raw" | sort -u >"$tmp/bash.percommand"
sed -nE "s/^\t\t\*\) options='([^']*)' ;;$/\1/p" "$bash_script" | tr ' ' '\n' | sort -u >"$tmp/bash.global"
cut -d' ' -f2 "$tmp/bash.percommand" | sort -u | sort -u - "$tmp/bash.global" >"$tmp/bash.options"
compare "$tmp/help.commands" "$tmp/bash.commands" "commands" "bash completion ($bash_script)"
compare "$tmp/help.options" "$tmp/bash.options" "options" "bash completion ($bash_script)"
compare "$tmp/help.percommand" "$tmp/bash.percommand" "'COMMAND OPTION' pairs" \
	"bash completion ($bash_script)"

# --- zsh: "local -a commands=( 'name:summary' ... )" and per command
#     "    name)" then "_arguments" specs "'*--name=[...]..." or "'*'{-x,--name}'[..."
awk '/local -a commands=\(/ { on = 1; next } on && /^ *\)/ { on = 0 }
     on { s = $0; sub(/^ *'"'"'/, "", s); sub(/:.*/, "", s); print s }' "$zsh_script" |
	sort -u >"$tmp/zsh.commands"
awk '/case \$words\[1\] in/ { on = 1; next }
     on && /^    [a-z-]+\)$/ { c = $1; sub(/\)$/, "", c); next }
     on && c != "" && /^    '"'"'\*/ {
	line = $0
	while (match(line, /-(-[a-z0-9-]+|[A-Za-z])[=,}[]/)) {
		print c " " substr(line, RSTART, RLENGTH - 1)
		line = substr(line, RSTART + RLENGTH)
	}
     }' "$zsh_script" | sort -u >"$tmp/zsh.percommand"
awk '/^_mailcfg\(\)/ { on = 1 } on && /^    '"'"'\*/ {
	line = $0
	while (match(line, /-(-[a-z0-9-]+|[A-Za-z])[=,}[]/)) {
		print substr(line, RSTART, RLENGTH - 1)
		line = substr(line, RSTART + RLENGTH)
	}
     }' "$zsh_script" | sort -u >"$tmp/zsh.options"
compare "$tmp/help.commands" "$tmp/zsh.commands" "commands" "zsh completion ($zsh_script)"
compare "$tmp/help.options" "$tmp/zsh.options" "options" "zsh completion ($zsh_script)"
compare "$tmp/help.percommand" "$tmp/zsh.percommand" "'COMMAND OPTION' pairs" \
	"zsh completion ($zsh_script)"

# --- fish: "complete -c mailcfg -n '...__fish_seen_subcommand_from a b' -s x -l name"
sed -nE 's/^complete -c mailcfg -n __fish_use_subcommand -a ([a-z-]+) .*/\1/p' "$fish_script" |
	sort -u >"$tmp/fish.commands"
grep -E '^complete -c mailcfg .* -l [a-z0-9-]+' "$fish_script" | awk '{
	cmds = ""
	if (match($0, /__fish_seen_subcommand_from[ a-z-]*/))
		cmds = substr($0, RSTART + 28, RLENGTH - 28)
	opt = ""; short = ""
	for (i = 1; i <= NF; i++) {
		if ($i == "-l") opt = "--" $(i + 1)
		if ($i == "-s") short = "-" $(i + 1)
	}
	print "ALL " opt; if (short != "") print "ALL " short
	n = split(cmds, c, " ")
	for (i = 1; i <= n; i++) { print c[i] " " opt; if (short != "") print c[i] " " short }
}' >"$tmp/fish.raw"
awk '$1 == "ALL" { print $2 }' "$tmp/fish.raw" | sort -u >"$tmp/fish.options"
awk '$1 != "ALL"' "$tmp/fish.raw" | sort -u >"$tmp/fish.percommand"
compare "$tmp/help.commands" "$tmp/fish.commands" "commands" "fish completion ($fish_script)"
compare "$tmp/help.options" "$tmp/fish.options" "options" "fish completion ($fish_script)"
compare "$tmp/help.percommand" "$tmp/fish.percommand" "'COMMAND OPTION' pairs" \
	"fish completion ($fish_script)"

# --- option values: "--format) COMPREPLY=($(compgen -W 'text json tsv' ..."
# (the line right after an option's "--name)" line in the "case $prev" block)
awk '/^\t--[a-z0-9-]+\)$/ { o = $1; sub(/\)$/, "", o); next }
     o != "" && /compgen -W '"'"'/ {
	s = $0; sub(/.*compgen -W '"'"'/, "", s); sub(/'"'"'.*/, "", s); print o " " s
     }
     { o = "" }' "$bash_script" >"$tmp/values"
[ -s "$tmp/values" ] || fail "bash completion ($bash_script): no option with a list of values (--format, --lang) found"
while read -r opt words; do
	for v in $words; do
		"$mailcfg" "$opt=$v" --help >/dev/null 2>&1 ||
			fail "the completions offer '$opt $v', but the parser rejects it"
		# the man page's entry of the option names each value as *value*
		awk -v o="$opt" -v v="*$v*" '
			/^\*-/ { inside = index($0, "*" o "*") > 0; next }
			/^# / { inside = 0 }
			inside && index($0, v) { found = 1 }
			END { exit !found }' "$man" ||
			fail "man page ($man): the entry of $opt does not name the value *$v*"
	done
done <"$tmp/values"

# Every option that takes a value: when the parser rejects a wrong value,
# the words of its message that it accepts as values ("known: text, json,
# ...") must all be offered by the completions.
grep -oE '^ +(-[A-Za-z], )?--[a-z0-9-]+ [A-Z]' "$tmp/help" | grep -oE -- '--[a-z0-9-]+' | sort -u |
	while read -r opt; do
		"$mailcfg" "$opt=zz-no-such-value" --help >/dev/null 2>"$tmp/err" && continue
		words=$(awk -v o="$opt" '$1 == o { $1 = ""; print }' "$tmp/values")
		for w in $(sed "s/.*zz-no-such-value'//" "$tmp/err" | head -1 | tr -c 'a-z0-9-' ' '); do
			case $w in *[!0-9]*) ;; *) continue ;; esac # numbers are not names
			case " $words " in *" $w "*) continue ;; esac
			"$mailcfg" "$opt=$w" --help >/dev/null 2>&1 &&
				echo "the parser accepts '$opt $w' (its error message lists it), but the completions do not offer it: add it to the values of ${opt#--} in cli_option_values (src/cli/options.c)"
		done
	done >"$tmp/unoffered"
while read -r line; do fail "$line"; done <"$tmp/unoffered"

nc=$(wc -l <"$tmp/help.commands")
no=$(wc -l <"$tmp/help.options")
np=$(wc -l <"$tmp/help.percommand")
if [ "$failures" -eq 0 ]; then
	echo "ok: $nc commands, $no option names, $np command-option pairs agree in --help, the man page and the bash, zsh and fish completions"
	exit 0
fi
echo "$failures disagreements"
exit 1
