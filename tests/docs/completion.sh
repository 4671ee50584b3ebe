#!/bin/sh
# The shell completions work in the real shells: bash (with the
# bash-completion package loaded, as on a desktop), fish and zsh complete
# commands, per-command options, option values and provider ids (the
# built-in ones and the user's own, asked from 'mailcfg list' at completion
# time).
#   completion.sh MAILCFG_DIR BASH_SCRIPT FISH_SCRIPT ZSH_DIR TESTS_CLI_DIR
set -u
bindir=$1 bash_script=$2 fish_script=$3 zsh_dir=$4 cli=$5
here=$(cd "$(dirname "$0")" && pwd)
export LANG=C MAILCFG_OFFLINE=1 PATH="$bindir:$PATH"
# the user's own providers: a copy of tests/cli/home in a temporary HOME,
# where the shells may also write their own state
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cp -R "$cli/home/.config" "$tmp/"
export HOME="$tmp"
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME LC_ALL LC_MESSAGES
failures=0 checked=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
need() {
	command -v "$1" >/dev/null || {
		echo "FAIL: $1 is not installed (apt-get install $2); the completion tests need it"
		exit 1
	}
}
need bash bash
need fish fish
need zsh zsh
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || { echo "FAIL: $bc missing (apt-get install bash-completion)"; exit 1; }

# bash_complete "WORD WORD ..." EXPECTED [ABSENT]: COMPREPLY of _mailcfg for
# the words (the last one is being completed) holds EXPECTED, not ABSENT
bash_complete() {
	checked=$((checked + 1))
	got=$(bash --norc --noprofile -c '
		. "$1" >/dev/null 2>&1
		. "$2"
		read -ra COMP_WORDS <<<"$3"
		[[ $3 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$3
		COMP_POINT=${#COMP_LINE}
		_mailcfg mailcfg "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' bash "$bc" "$bash_script" "$1" 2>&1)
	printf '%s\n' "$got" | grep -qxF -- "$2" ||
		fail "bash: '$1<TAB>' does not offer '$2'; it offers: $(echo $got)"
	if [ -n "${3:-}" ] && printf '%s\n' "$got" | grep -qxF -- "$3"; then
		fail "bash: '$1<TAB>' offers '$3', which does not apply there"
	fi
}
bash_complete "mailcfg lookup --fo" --format
bash_complete "mailcfg lookup gm" gmx
bash_complete "mailcfg lookup gm" gmail
bash_complete "mailcfg lookup home" home-mail
bash_complete "mailcfg lookup --data-dir $cli/userdata exa" example-hosting
bash_complete "mailcfg lookup --data-dir = $cli/userdata exa" example-hosting
bash_complete "mailcfg lookup --provider stra" strato
bash_complete "mailcfg lookup --format " json
bash_complete "mailcfg lookup --format = t" tsv
bash_complete "mailcfg --lang " de
bash_complete "mailcfg " lookup
bash_complete "mailcfg help i" import
bash_complete "mailcfg list --" --stale --mx
bash_complete "mailcfg --lang de lookup --j" --json
bash_complete "mailcfg explain sta" starttls
bash_complete "mailcfg explain app" app-password

# fish: 'complete -C' prints the candidates, a tab and the description
fish_complete() {
	checked=$((checked + 1))
	got=$(fish --no-config -c "source '$fish_script'; complete -C'$1'" 2>&1 | cut -f1)
	printf '%s\n' "$got" | grep -qxF -- "$2" ||
		fail "fish: '$1<TAB>' does not offer '$2'; it offers: $(echo $got)"
}
fish_complete "mailcfg lookup --fo" --format
fish_complete "mailcfg lookup gm" gmx
fish_complete "mailcfg lookup home" home-mail
fish_complete "mailcfg lookup --data-dir $cli/userdata exa" example-hosting
fish_complete "mailcfg lookup --format " tsv
fish_complete "mailcfg " ports
fish_complete "mailcfg list --st" --stale
fish_complete "mailcfg explain oa" oauth2

# zsh: a real interactive shell on a pseudo-terminal (zsh/zpty)
zsh_complete() {
	checked=$((checked + 1))
	got=$(zsh -f "$here/zsh-complete.zsh" "$zsh_dir" "$bindir" "$1" "$2" 2>&1) ||
		fail "zsh: '$1<TAB>' did not become '$2'; the screen showed: $got"
}
zsh_complete "mailcfg lookup --fo" "mailcfg lookup --format"
zsh_complete "mailcfg lookup strat" "mailcfg lookup strato"
zsh_complete "mailcfg lookup home-m" "mailcfg lookup home-mail"
zsh_complete "mailcfg lookup --data-dir $cli/userdata example-h" "example-hosting"
zsh_complete "mailcfg li" "mailcfg list"
zsh_complete "mailcfg explain startt" "mailcfg explain starttls"

[ "$failures" -eq 0 ] && echo "ok: $checked completions in bash, fish and zsh"
exit "$failures"
