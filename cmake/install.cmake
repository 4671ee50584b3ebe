# What `cmake --install` puts where (besides the program, the module, the
# man pages and the completions, installed next to their targets): the
# libraries, the header, a pkg-config file and a CMake package.
include(CMakePackageConfigHelpers)
set(MAILCFG_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mailcfg)

install(TARGETS mailcfg_shared mailcfg_core EXPORT mailcfgTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES include/mailcfg.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT mailcfgTargets NAMESPACE mailcfg:: DESTINATION ${MAILCFG_CMAKE_DIR})

configure_package_config_file(cmake/mailcfgConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/mailcfgConfig.cmake INSTALL_DESTINATION ${MAILCFG_CMAKE_DIR})
# 0.x: a new minor version may change the interface, as the SONAME says
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/mailcfgConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/mailcfgConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/mailcfgConfigVersion.cmake
        DESTINATION ${MAILCFG_CMAKE_DIR})

file(RELATIVE_PATH MAILCFG_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" MAILCFG_PC_TO_PREFIX "${MAILCFG_PC_TO_PREFIX}")
set(MAILCFG_PC_DL "")
if(CMAKE_DL_LIBS)
  set(MAILCFG_PC_DL "-l${CMAKE_DL_LIBS}")
endif()
configure_file(cmake/mailcfg.pc.in ${CMAKE_CURRENT_BINARY_DIR}/mailcfg.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/mailcfg.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
