package dev.errand.spring.boot;

import java.beans.Introspector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Registers a bean for every generated {@code <Class>Jobs} stub ({@link JobClasses}), made with the stub's
 * {@code (Errand)} constructor, so any bean can inject {@code BookmarkServiceJobs} by type. A stub the application
 * defines a bean of itself is left alone.
 */
final class JobStubRegistrar implements BeanDefinitionRegistryPostProcessor, BeanClassLoaderAware {
    private static final Logger log = LoggerFactory.getLogger(JobStubRegistrar.class);

    private ClassLoader loader = JobStubRegistrar.class.getClassLoader();

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.loader = classLoader;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        for (JobClasses.Generated generated : JobClasses.find(loader)) {
            Class<?> stub = generated.stub();
            if (stub == null) {
                log.warn(
                        "no stub beside the generated dispatcher {}; its jobs get no stub bean (was it built with "
                                + "another version of errand-processor?)",
                        generated.dispatcher().getName());
                continue;
            }
            if (registry instanceof ListableBeanFactory beans
                    && beans.getBeanNamesForType(stub, true, false).length > 0) {
                continue;
            }
            String name = Introspector.decapitalize(stub.getSimpleName());
            if (registry.containsBeanDefinition(name)) {
                name = stub.getName();
            }
            RootBeanDefinition definition = new RootBeanDefinition(stub);
            definition.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
            registry.registerBeanDefinition(name, definition);
            log.debug("registered the job stub {} as bean {}", stub.getName(), name);
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
}
