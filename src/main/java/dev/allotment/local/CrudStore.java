package dev.allotment.local;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.UUID;

/**
 * fabric8's CRUD dispatcher with random UIDs. The mock numbers UIDs from 1 in every JVM, so a restarted local
 * server would give new reservations the UIDs that the agent's depot records still hold.
 */
final class CrudStore extends KubernetesCrudDispatcher {

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        boolean created = oldAttributes == null && resource != null && newState != null;
        if (created) {
            resource.getMetadata().setUid(UUID.randomUUID().toString());
            newState = Serialization.asJson(resource);
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }
}
