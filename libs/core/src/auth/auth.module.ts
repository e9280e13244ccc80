import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@duban/config';
import { AuditService } from '../audit/audit.service';
import { References } from '../common/references.service';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A key object, made once: given the string, jsonwebtoken first tries it as a public key on every
        // verification and builds the key from the thrown error (about a millisecond per request).
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
        signOptions: { expiresIn: config.auth.jwtTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AuthService, AuditService, LoginThrottle, PasswordHasher, References],
  exports: [AuthService, AuditService, LoginThrottle, PasswordHasher, References],
})
export class AuthModule {}
