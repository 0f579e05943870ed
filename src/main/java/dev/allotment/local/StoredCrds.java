package dev.allotment.local;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Optional;

/** Reads the CRDs held in the CRUD store: discovery and table rendering follow whatever is installed. */
final class StoredCrds {
    private final CrudDispatcher store;

    StoredCrds(CrudDispatcher store) {
        this.store = store;
    }

    List<CustomResourceDefinition> all() {
        MockResponse response = store.handleGet(BuiltInResources.CRD_COLLECTION);
        if (response.code() != 200 || response.getBody() == null) {
            return List.of();
        }
        KubernetesResourceList<CustomResourceDefinition> list =
                Serialization.unmarshal(response.getBody().readUtf8(), CustomResourceDefinitionList.class);
        return list.getItems() == null ? List.of() : list.getItems();
    }

    Optional<CustomResourceDefinition> find(String group, String plural) {
        MockResponse response = store.handleGet(BuiltInResources.CRD_COLLECTION + "/" + plural + "." + group);
        if (response.code() != 200 || response.getBody() == null) {
            return Optional.empty();
        }
        return Optional.of(Serialization.unmarshal(response.getBody().readUtf8(), CustomResourceDefinition.class));
    }

    Optional<CustomResourceDefinitionVersion> findVersion(String group, String version, String plural) {
        return find(group, plural).flatMap(crd -> crd.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(version)).findFirst());
    }
}
