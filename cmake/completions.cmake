# Shell completions, generated from the option table (src/cli/options.c) by
# tools/mailcfg-completions.c, so they offer exactly what the parser knows;
# installed where bash-completion, zsh and fish look for vendor scripts.
#
# The generator is linked with every source of the program but main.c (whose
# helpers come in through tools/mailcfg-completions-cli.c), as the full
# program is (MAILCFG_CLI_SOURCES), so a command or option added to the
# program needs no change here.
list(FILTER MAILCFG_CLI_SOURCES_NO_MAIN EXCLUDE REGEX "(^|/)src/main\\.c$")
add_executable(mailcfg-completions tools/mailcfg-completions.c tools/mailcfg-completions-cli.c
  ${MAILCFG_CLI_SOURCES_NO_MAIN} src/cli/full.c)
target_include_directories(mailcfg-completions PRIVATE src include)
target_link_libraries(mailcfg-completions PRIVATE mailcfg_core)

set(MAILCFG_COMPLETIONS_DIR ${CMAKE_CURRENT_BINARY_DIR}/completions)
set(MAILCFG_COMPLETION_bash ${MAILCFG_COMPLETIONS_DIR}/bash/mailcfg)
set(MAILCFG_COMPLETION_zsh ${MAILCFG_COMPLETIONS_DIR}/zsh/_mailcfg)
set(MAILCFG_COMPLETION_fish ${MAILCFG_COMPLETIONS_DIR}/fish/mailcfg.fish)
foreach(shell bash zsh fish)
  get_filename_component(dir ${MAILCFG_COMPLETION_${shell}} DIRECTORY)
  add_custom_command(
    OUTPUT ${MAILCFG_COMPLETION_${shell}}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND mailcfg-completions ${shell} > ${MAILCFG_COMPLETION_${shell}}
    DEPENDS mailcfg-completions
    COMMENT "Generating the ${shell} completion of mailcfg"
    VERBATIM)
endforeach()
add_custom_target(completions ALL DEPENDS
  ${MAILCFG_COMPLETION_bash} ${MAILCFG_COMPLETION_zsh} ${MAILCFG_COMPLETION_fish})

install(FILES ${MAILCFG_COMPLETION_bash}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${MAILCFG_COMPLETION_zsh} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${MAILCFG_COMPLETION_fish}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
