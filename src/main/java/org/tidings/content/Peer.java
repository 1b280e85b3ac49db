package org.tidings.content;

/** Another instance of the cluster: its id and the base URL it serves its cached blobs at. */
record Peer(String id, String url) {
}
