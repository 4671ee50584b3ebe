# libmailcfg, static and shared, from the objects of mailcfg_objects.
#
# mailcfg_core (libmailcfg.a) is what the command-line tool, the tests and
# the network module link: they use internal functions too. The shared
# library libmailcfg.so exports only the public API (cmake/mailcfg.map).
# Both are installed and exported as mailcfg::mailcfg_static and
# mailcfg::mailcfg (cmake/install.cmake).

add_library(mailcfg_core STATIC $<TARGET_OBJECTS:mailcfg_objects> $<TARGET_OBJECTS:mailcfg_dl>)
target_include_directories(mailcfg_core PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
# cJSON reads the user's provider files; libdl loads libidn2 and the module.
target_link_libraries(mailcfg_core PUBLIC
  $<BUILD_INTERFACE:PkgConfig::CJSON> $<INSTALL_INTERFACE:cjson> ${CMAKE_DL_LIBS})
set_target_properties(mailcfg_core PROPERTIES OUTPUT_NAME mailcfg EXPORT_NAME mailcfg_static)

set(MAILCFG_VERSION_SCRIPT ${PROJECT_SOURCE_DIR}/cmake/mailcfg.map)
add_library(mailcfg_shared SHARED $<TARGET_OBJECTS:mailcfg_objects> $<TARGET_OBJECTS:mailcfg_dl>)
target_include_directories(mailcfg_shared PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_link_libraries(mailcfg_shared PRIVATE PkgConfig::CJSON ${CMAKE_DL_LIBS})
target_link_options(mailcfg_shared PRIVATE -Wl,--version-script=${MAILCFG_VERSION_SCRIPT})
if(NOT MAILCFG_SANITIZE)
  # (clang leaves the sanitizer runtime to the program, so not with those)
  target_link_options(mailcfg_shared PRIVATE -Wl,--no-undefined)
endif()
# SONAME libmailcfg.so.MAJOR from the project version
set_target_properties(mailcfg_shared PROPERTIES
  OUTPUT_NAME mailcfg EXPORT_NAME mailcfg
  VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
  LINK_DEPENDS ${MAILCFG_VERSION_SCRIPT})
