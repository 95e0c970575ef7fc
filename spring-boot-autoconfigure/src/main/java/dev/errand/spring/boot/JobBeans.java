package dev.errand.spring.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The Spring beans whose {@code @Job} methods the worker runs: for each {@code @Job} class, the bean of that type
 * (a proxy of it too, e.g. for {@code @Transactional}). A class with no bean is not served by this application's
 * worker; one with several beans needs one marked {@code @Primary}.
 */
final class JobBeans {
    private JobBeans() {}

    record Found(List<Object> beans, List<String> withoutBean) {}

    static Found find(ListableBeanFactory factory, ClassLoader loader) {
        List<Object> beans = new ArrayList<>();
        List<String> withoutBean = new ArrayList<>();
        for (Class<?> type : JobClasses.targets(loader)) {
            String[] names = factory.getBeanNamesForType(type, false, true);
            if (names.length == 0) {
                withoutBean.add(type.getName());
                continue;
            }
            Object bean = factory.getBeanProvider(type).getIfUnique();
            if (bean == null) {
                throw new IllegalStateException("beans " + Arrays.toString(names) + " are all of the @Job class "
                        + type.getName() + " and the Errand worker can run its jobs on one of them only; mark one "
                        + "@Primary, or register the worker yourself (a bean of type dev.errand.worker.Worker)");
            }
            beans.add(bean);
        }
        return new Found(beans, withoutBean);
    }
}
