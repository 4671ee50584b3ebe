# `cpack -G DEB` in the build folder: a Debian package of everything
# `cmake --install` installs, under /usr. Depends: from the shared
# libraries the files link (dpkg-shlibdeps), plus libidn2, which mailcfg
# loads with dlopen so dpkg-shlibdeps cannot see it.
set(MAILCFG_MAINTAINER "mailcfg developers <mailcfg@users.noreply.invalid>"
    CACHE STRING "The Maintainer field of the Debian package")
set(CPACK_PACKAGE_NAME mailcfg)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${MAILCFG_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "IMAP, POP3 and SMTP settings for an email address, domain or provider")
set(CPACK_PACKAGE_DESCRIPTION
    "mailcfg tells which server, port, encryption and user name go into a mail
program for an email address, a domain or a provider name. It answers
offline from a provider database compiled into it, overlaid with the user's
own provider files, and asks the network (autoconfig, the ISPDB, MX and SRV
records) only for domains nobody knows. Output is text for a person, JSON
or TSV for scripts. The package also holds the library libmailcfg (shared
and static, with a pkg-config file and a CMake package), its header, the
man pages and completions for bash, zsh and fish.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# loaded with dlopen (libidn2 for international names, libcjson for your own
# provider files), so dpkg-shlibdeps cannot see them
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libidn2-0, libcjson1")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates, publicsuffix")
set(CPACK_GENERATOR DEB)
include(CPack)
