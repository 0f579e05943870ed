package dev.allotment.local;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the discovery documents kubectl reads before anything else: {@code /api}, {@code /api/v1}, {@code /apis},
 * {@code /apis/GROUP} and {@code /apis/GROUP/VERSION}. Custom resources come from the CRDs in the store, so a CRD
 * applied later shows up as a real API server would show it. Aggregated discovery (the
 * {@code as=APIGroupDiscoveryList} Accept) is not offered: clients fall back to these documents when the answer
 * is plain {@code application/json}.
 */
final class Discovery {
    private final StoredCrds crds;

    Discovery(StoredCrds crds) {
        this.crds = crds;
    }

    /** The JSON document for a discovery path, or empty when the path is not one. */
    Optional<String> document(String path) {
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        if (parts.equals(List.of("api"))) {
            return Optional.of(json(new APIVersionsBuilder().withVersions("v1").build()));
        }
        if (parts.equals(List.of("api", "v1"))) {
            return Optional.of(resourceList("v1", BuiltInResources.coreV1()));
        }
        if (parts.equals(List.of("apis"))) {
            return Optional.of(json(new APIGroupListBuilder().withGroups(groups()).build()));
        }
        if (parts.size() == 2 && parts.get(0).equals("apis")) {
            return groups().stream().filter(g -> g.getName().equals(parts.get(1))).findFirst().map(Discovery::json);
        }
        if (parts.size() == 3 && parts.get(0).equals("apis")) {
            return resources(parts.get(1), parts.get(2))
                    .map(resources -> resourceList(parts.get(1) + "/" + parts.get(2), resources));
        }
        return Optional.empty();
    }

    /** The kind served at group/version/plural, for naming lists as the API server does. */
    Optional<String> kind(String group, String version, String plural) {
        return resources(group, version).flatMap(list -> list.stream()
                .filter(r -> r.getName().equals(plural)).findFirst().map(APIResource::getKind));
    }

    /** Every served group/version ({@code v1} for the core group) with its resources. */
    Map<String, List<APIResource>> resourcesByGroupVersion() {
        Map<String, List<APIResource>> all = new LinkedHashMap<>();
        all.put("v1", BuiltInResources.coreV1());
        for (APIGroup group : groups()) {
            for (GroupVersionForDiscovery version : group.getVersions()) {
                resources(group.getName(), version.getVersion()).ifPresent(r -> all.put(version.getGroupVersion(), r));
            }
        }
        return all;
    }

    private List<APIGroup> groups() {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        versionsByGroup.put(BuiltInResources.CRD_GROUP, new ArrayList<>(List.of(BuiltInResources.CRD_VERSION)));
        for (CustomResourceDefinition crd : crds.all()) {
            List<String> versions = versionsByGroup.computeIfAbsent(crd.getSpec().getGroup(), g -> new ArrayList<>());
            crd.getSpec().getVersions().stream()
                    .filter(v -> !Boolean.FALSE.equals(v.getServed()))
                    .sorted((a, b) -> Boolean.compare(Boolean.TRUE.equals(b.getStorage()), Boolean.TRUE.equals(a.getStorage())))
                    .map(CustomResourceDefinitionVersion::getName)
                    .filter(v -> !versions.contains(v))
                    .forEach(versions::add);
        }
        List<APIGroup> groups = new ArrayList<>();
        versionsByGroup.forEach((group, versions) -> {
            if (versions.isEmpty()) {
                return;
            }
            List<GroupVersionForDiscovery> forDiscovery = versions.stream()
                    .map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
            groups.add(new APIGroupBuilder().withName(group).withVersions(forDiscovery)
                    .withPreferredVersion(forDiscovery.get(0)).build());
        });
        return groups;
    }

    private Optional<List<APIResource>> resources(String group, String version) {
        if (group.isEmpty()) {
            return version.equals("v1") ? Optional.of(BuiltInResources.coreV1()) : Optional.empty();
        }
        if (group.equals(BuiltInResources.CRD_GROUP)) {
            return version.equals(BuiltInResources.CRD_VERSION)
                    ? Optional.of(BuiltInResources.apiextensionsV1()) : Optional.empty();
        }
        List<APIResource> resources = new ArrayList<>();
        for (CustomResourceDefinition crd : crds.all()) {
            if (!crd.getSpec().getGroup().equals(group)) {
                continue;
            }
            crd.getSpec().getVersions().stream()
                    .filter(v -> v.getName().equals(version) && !Boolean.FALSE.equals(v.getServed()))
                    .findFirst()
                    .ifPresent(v -> resources.addAll(resourcesOf(crd, v)));
        }
        return resources.isEmpty() ? Optional.empty() : Optional.of(resources);
    }

    private static List<APIResource> resourcesOf(CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {
        CustomResourceDefinitionNames names = crd.getSpec().getNames();
        boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
        APIResource main = new APIResourceBuilder().withName(names.getPlural()).withSingularName(names.getSingular())
                .withKind(names.getKind()).withNamespaced(namespaced).withVerbs(BuiltInResources.ALL_VERBS)
                .withShortNames(emptyToNull(names.getShortNames())).withCategories(emptyToNull(names.getCategories()))
                .build();
        List<APIResource> resources = new ArrayList<>();
        resources.add(main);
        if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
            resources.add(BuiltInResources.withStatus(main).get(1));
        }
        if (version.getSubresources() != null && version.getSubresources().getScale() != null) {
            resources.add(new APIResourceBuilder().withName(names.getPlural() + "/scale").withSingularName("")
                    .withGroup("autoscaling").withVersion("v1").withKind("Scale").withNamespaced(namespaced)
                    .withVerbs(BuiltInResources.SUBRESOURCE_VERBS).build());
        }
        return resources;
    }

    private static List<String> emptyToNull(List<String> values) {
        return values == null || values.isEmpty() ? null : values;
    }

    private static String resourceList(String groupVersion, List<APIResource> resources) {
        return json(new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build());
    }

    private static String json(Object document) {
        return Serialization.asJson(document);
    }
}
