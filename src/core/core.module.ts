import { createSecretKey } from 'node:crypto';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { AuditEventsController } from './audit/audit-events.controller';
import { AuditEventsRepository } from './audit/audit-events.repository';
import { AuditService } from './audit/audit.service';
import { AuthController } from './auth/auth.controller';
import { GlobalAuthGuard } from './auth/auth.guard';
import { CredentialsVerifier } from './auth/credentials-verifier';
import { DatabaseThrottlerStorage } from './auth/database-throttler.storage';
import { PasswordGuesses } from './auth/password-guesses';
import { PasswordHasher } from './auth/password-hasher';
import { PhoneSessions } from './auth/phone-sessions';
import { RefreshTokensRepository } from './auth/refresh-tokens.repository';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, TokenService } from './auth/token.service';
import { SecretBox } from './crypto/secret-box';
import { DatabaseModule } from './database/database.module';
import { DeviceUsersController } from './device-users/device-users.controller';
import { DeviceUsersRepository } from './device-users/device-users.repository';
import { DeviceUsersService } from './device-users/device-users.service';
import { SerializedTypeOrmAdapter } from './database/serialized-typeorm.adapter';
import { HealthController } from './health/health.controller';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsListener } from './metrics/metrics-listener';
import { OutboundAddressPolicy } from './outbound/address-policy';
import { WebhookAddressPolicy } from './webhooks/webhook-address-policy';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { ErrorShapes } from './http/error-shapes';
import { IdempotencyGuard } from './idempotency/idempotency.guard';
import { IdempotencyKeys } from './idempotency/idempotency-keys';
import { IdempotencyPurger } from './idempotency/idempotency-purger';
import { IdempotentRequests } from './idempotency/idempotent-requests';
import { ShapeAwareValidationPipe } from './http/validation.pipe';
import { AdminBootstrap } from './tenancy/admin-bootstrap';
import { TenantsController } from './tenancy/tenants.controller';
import { TenantsRepository } from './tenancy/tenants.repository';
import { TenantsService } from './tenancy/tenants.service';
import { UsersController } from './tenancy/users.controller';
import { UsersRepository } from './tenancy/users.repository';
import { UsersService } from './tenancy/users.service';
import { CommitMarkers } from './transaction/commit-markers';
import { CompensationReconciler } from './transaction/compensation-reconciler';
import { Compensations } from './transaction/compensations';
import { CompensationsController } from './transaction/compensations.controller';
import { CompensationJournal } from './transaction/journal/compensation-journal';
import { UndoHandlers } from './transaction/undo-handlers';
import { UndoRunner } from './transaction/undo-runner';
import { RequestPipeline } from './transaction/request-pipeline';
import { UnitOfWork } from './transaction/unit-of-work';
import { Events } from './webhooks/events';
import { WebhookDeliveriesRepository } from './webhooks/webhook-deliveries.repository';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookEndpointsRepository } from './webhooks/webhook-endpoints.repository';
import { WebhookSender } from './webhooks/webhook-sender';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/**
 * The platform every module stands on: configuration and databases, request context and
 * transactions, authentication and roles, tenants and users, errors, audit, health.
 * Global, so feature modules inject what it exports without importing its internals.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        DatabaseModule.forRoot(config),
        // Not ClsModule.forRoot: it mounts a global guard and interceptor on every route, no-ops when not
        // mounted but still Nest's interceptor chain around every handler. Each request's context is
        // opened by core/http/request-context.ts; ClsService is exported below.
        ClsModule.registerPlugins([new ClsPluginTransactional({ adapter: new SerializedTypeOrmAdapter() })]),
        JwtModule.register({
          // A key object, made once. Given the string, jsonwebtoken tries to read it as a PEM public key
          // (verify) or private key (sign) on every call, fails, and only then makes a secret key of its
          // bytes: ~370 µs of CPU a Bearer request against ~7 (bench/README, access, "The Bearer check").
          secret: createSecretKey(Buffer.from(config.jwtSecret)),
          signOptions: { algorithm: JWT_ALGORITHM, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
          verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
        }),
        ThrottlerModule.forRootAsync({
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: config.loginRateLimitPerMinute }],
            storage: new DatabaseThrottlerStorage(dataSource),
          }),
        }),
        TerminusModule,
        DiscoveryModule,
      ],
      controllers: [
        AuthController,
        TenantsController,
        UsersController,
        DeviceUsersController,
        AuditEventsController,
        CompensationsController,
        WebhooksController,
        HealthController,
        MetricsController,
      ],
      providers: [
        GlobalAuthGuard, // on every route: direct-routes runs it first (app.factory)
        // and as Nest's global guard, for any route Nest's own router would serve: deny by default either way
        { provide: APP_GUARD, useExisting: GlobalAuthGuard },
        RequestPipeline, // on each route that can change state: requestPipeline
        IdempotencyGuard,
        UnitOfWork,
        ShapeAwareValidationPipe, // on each route's arguments: argumentValidation
        AllExceptionsFilter,
        { provide: APP_FILTER, useExisting: AllExceptionsFilter },
        ErrorShapes,
        AuditService,
        AuditEventsRepository,
        PasswordHasher,
        PasswordGuesses,
        CredentialsVerifier,
        TokenService,
        RefreshTokensRepository,
        PhoneSessions,
        DatabaseThrottlerStorage,
        TenantsRepository,
        TenantsService,
        UsersRepository,
        UsersService,
        DeviceUsersRepository,
        DeviceUsersService,
        AdminBootstrap,
        SecretBox,
        {
          provide: OutboundAddressPolicy,
          useValue: new OutboundAddressPolicy(config.provisioningAllowedNetworks),
        },
        {
          provide: WebhookAddressPolicy,
          useValue: new WebhookAddressPolicy(config.webhooks.allowedNetworks, 'WEBHOOK_ALLOWED_NETWORKS'),
        },
        UndoHandlers,
        CompensationJournal,
        CommitMarkers,
        UndoRunner,
        Compensations,
        CompensationReconciler,
        Metrics,
        MetricsListener,
        IdempotencyKeys,
        IdempotentRequests,
        IdempotencyPurger,
        Events,
        WebhookEndpointsRepository,
        WebhookDeliveriesRepository,
        WebhookSender,
        WebhookDispatcher,
        WebhooksService,
      ],
      exports: [
        ClsModule,
        Events,
        WebhookDispatcher,
        SecretBox,
        OutboundAddressPolicy,
        ErrorShapes,
        AuditService,
        PasswordHasher,
        UndoHandlers,
        Compensations,
        CompensationReconciler,
        TenantsService,
        DeviceUsersService,
        // The Primis mobile module: its users are platform users, its tokens the platform's, bound to phones.
        UsersService,
        CredentialsVerifier,
        TokenService,
        PhoneSessions,
        DatabaseThrottlerStorage,
      ],
    };
  }
}
