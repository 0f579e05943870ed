/**
 * Rootfs, disk quota, bind mounts and /etc files of reservations on the local node ({@link
 * dev.allotment.node.rootfs.LocalFilesystem}). Every path that comes from a reservation is resolved inside the root it
 * belongs to without following a symlink out of it; every process is an argument vector through the one
 * {@link dev.allotment.node.exec.CommandRunner}.
 */
package dev.allotment.node.rootfs;
