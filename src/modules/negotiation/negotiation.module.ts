import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { ConfigurationTransactionsRepository } from './configuration-transactions.repository';
import { DeviceConfigurationsRepository } from './device-configurations.repository';
import { NegotiationController } from './negotiation.controller';
import { NegotiationService } from './negotiation.service';

/** Genetec Clearance configuration negotiation: negociate, commit, reject (and what operators see of it). */
@Module({
  imports: [DevicesModule],
  controllers: [NegotiationController],
  providers: [DeviceConfigurationsRepository, ConfigurationTransactionsRepository, NegotiationService],
})
export class NegotiationModule {}
