# Desktop integration and the Debian package (CPack DEB), for a fresh Debian 12.
# Included from the top-level CMakeLists.txt when TOPOSPIKE_BUILD_APP is on; the two programs are installed by
# app/CMakeLists.txt. Generated files (icon PNGs, gzipped man pages, bash completion) are made at build time in
# <build>/installer/ and installed with the rest:
#   bin/topospike, bin/topospike-cli
#   share/applications/<id>.desktop, share/metainfo/<id>.metainfo.xml, share/mime/packages/<id>.xml
#   share/icons/hicolor/{scalable,16x16,...,256x256}/apps/<id>.{svg,png}
#   share/man/man1/topospike{,-cli}.1.gz, share/bash-completion/completions/topospike{,-cli}
#   share/doc/topospike/copyright
find_package(Qt6 6.4 REQUIRED COMPONENTS Gui Svg)
find_program(TOPOSPIKE_GZIP gzip REQUIRED)

set(TOPOSPIKE_APP_ID "io.github.topospike.TopoSpike")  # as QGuiApplication::setDesktopFileName in app/gui/main.cpp
set(pkg_src "${PROJECT_SOURCE_DIR}/installer")
set(pkg_out "${PROJECT_BINARY_DIR}/installer")

# Icon PNGs rendered from the SVG by a tiny Qt tool (not installed).
add_executable(topospike-render-icon "${pkg_src}/render_icon.cpp")
target_link_libraries(topospike-render-icon PRIVATE Qt6::Gui Qt6::Svg topospike_warnings)
set(icon_svg "${PROJECT_SOURCE_DIR}/resources/icons/topospike.svg")
set(generated)
foreach(size 16 24 32 48 64 128 256)
    set(png "${pkg_out}/icons/${size}x${size}/${TOPOSPIKE_APP_ID}.png")
    add_custom_command(OUTPUT "${png}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${pkg_out}/icons/${size}x${size}"
        COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen $<TARGET_FILE:topospike-render-icon> "${icon_svg}"
                "${png}" ${size}
        DEPENDS topospike-render-icon "${icon_svg}" COMMENT "Rendering the ${size}x${size} icon" VERBATIM)
    list(APPEND generated "${png}")
    install(FILES "${png}" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps")
endforeach()

# Man pages, gzipped as Debian policy wants (-n: no name or time stamp, so the output is reproducible).
foreach(page topospike topospike-cli)
    set(gz "${pkg_out}/man/${page}.1.gz")
    add_custom_command(OUTPUT "${gz}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${pkg_out}/man"
        COMMAND ${CMAKE_COMMAND} -DOUT=${gz} -P "${pkg_src}/capture_stdout.cmake" ${TOPOSPIKE_GZIP} -9nc
                "${pkg_src}/man/${page}.1"
        DEPENDS "${pkg_src}/man/${page}.1" VERBATIM)
    list(APPEND generated "${gz}")
    install(FILES "${gz}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endforeach()

# Bash completion from the CLI itself (it covers both programs: `complete ... topospike topospike-cli`).
# bash-completion loads a file by command name, so `topospike` is a symbolic link to the same script.
set(completion "${pkg_out}/completions/topospike-cli")
add_custom_command(OUTPUT "${completion}" "${pkg_out}/completions/topospike"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${pkg_out}/completions"
    COMMAND ${CMAKE_COMMAND} -DOUT=${completion} -P "${pkg_src}/capture_stdout.cmake" $<TARGET_FILE:topospike-cli>
            completion bash
    COMMAND ${CMAKE_COMMAND} -E create_symlink topospike-cli "${pkg_out}/completions/topospike"
    DEPENDS topospike-cli COMMENT "Generating the bash completion" VERBATIM)
list(APPEND generated "${completion}")
install(FILES "${completion}" "${pkg_out}/completions/topospike"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")

add_custom_target(topospike_desktop_files ALL DEPENDS ${generated})

install(FILES "${pkg_src}/${TOPOSPIKE_APP_ID}.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${pkg_src}/${TOPOSPIKE_APP_ID}.metainfo.xml" DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
install(FILES "${pkg_src}/${TOPOSPIKE_APP_ID}.xml" DESTINATION "${CMAKE_INSTALL_DATADIR}/mime/packages")
install(FILES "${icon_svg}" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
        RENAME "${TOPOSPIKE_APP_ID}.svg")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/topospike" RENAME copyright)

# The Debian package. Depends comes from dpkg-shlibdeps on the installed programs (Qt 6, VTK, oneTBB, libpng,
# libjpeg, zlib, libGL). Nothing is needed beyond what it finds, so CPACK_DEBIAN_PACKAGE_DEPENDS stays empty:
#  - the xcb platform plugin ships in libqt6gui6 on Debian 12, the SVG icon/image plugins in libqt6svg6 (linked);
#  - an OpenGL driver comes with libGL: libgl1 -> libglx0 -> libglx-mesa0 -> libgl1-mesa-dri (llvmpipe fallback);
#  - shared-mime-info, desktop-file-utils and the icon caches refresh through their own dpkg file triggers, so the
#    package needs no maintainer scripts.
# Recommended: native Wayland windows (qt6-wayland; without it Qt falls back to xcb through XWayland), the other Qt
# platform plugins, the hicolor theme that owns the icon folders, and bash-completion that loads the completion.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "topospike")
set(CPACK_PACKAGE_VENDOR "The TopoSpike authors")
set(CPACK_PACKAGE_CONTACT "TopoSpike maintainers <maintainers@topospike.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "live explorer for topographic deep spiking neural networks")
# CPack puts the summary on the Description line; this is the extended description below it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "TopoSpike loads checkpoints of topographic spiking ResNets (PyTorch .pth/.pt or
.safetensors, no Python needed) with their TDANN cortical positions, runs the
spiking network exactly as SpikingJelly does, and shows every layer's cortical
sheet with its spikes animated over timesteps.
.
It maps what each unit prefers (V1 orientation, spatial frequency and colour;
IT category selectivity), measures map smoothness, spike entropy and synchrony,
and exports figures for papers (PNG, SVG, PDF). The package holds the explorer
(topospike) and the command-line tool (topospike-cli), with a built-in
untrained demonstration network.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, qt6-qpa-plugins, hicolor-icon-theme, bash-completion")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)  # programs without debug information, also when packaging a Debug build
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}")
include(CPack)
